export { DomainError, ValidationFailedError, type FieldProblem } from './domain-error';
export { HttpExceptionFilter } from './http-exception.filter';
