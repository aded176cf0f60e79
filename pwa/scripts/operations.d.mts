export function documentId(text: string): string
export function collectOperations(): Promise<Record<string, string>>
