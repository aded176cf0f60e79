import { formatDocument, stringifyDocument, type TypedDocumentNode } from '@urql/core'

/**
 * The exact text the app sends for a generated document: the normalised cache adds
 * `__typename` to every selection before printing. scripts/persisted-operations.mjs registers
 * this same text, so the id the transport sends (its sha256) is one the server knows.
 */
export function operationText<Result, Variables>(document: TypedDocumentNode<Result, Variables>): string {
  return stringifyDocument(formatDocument(document))
}
