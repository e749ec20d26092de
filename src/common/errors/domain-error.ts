// Base of every module's coded error. `status` is the HTTP status the global filter answers with.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

// 422 with one code per bad field.
export class ValidationFailedError extends DomainError {
  constructor(readonly fields: FieldProblem[]) {
    super('validation_failed', 'The request has invalid fields.', 422, { fields });
  }
}
