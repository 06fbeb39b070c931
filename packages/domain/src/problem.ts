/** One thing wrong with a request: where, and what, in words a person understands. */
export interface Problem {
  /** Path into the request, as in `userData[3].phone_number`; `body` for the request as a whole. */
  readonly field: string;
  readonly message: string;
}
