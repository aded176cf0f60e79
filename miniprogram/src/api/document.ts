/** A registered operation: the client sends its name and id, never its text (see scripts/codegen.mjs). */
export interface Document<Result, Variables> {
  id: string
  name: string
  /** Never set: carries the result and variable types. */
  readonly __types?: { result: Result; variables: Variables }
}
