/** One catalog of coded errors with their HTTP status; routes and startup throw these, never bare strings. */

export const ERRORS = {
  NOT_FOUND: 404,
  KEY_NOT_FOUND: 404,
  MODEL_NOT_FOUND: 404,
  PIPELINE_NOT_FOUND: 404,
  TABLE_NOT_FOUND: 404,
  TABLE_FULL: 507,
  BAD_REQUEST: 400,
  CONFIG_INVALID: 400,
  MODEL_INVALID: 422,
  MODEL_IN_USE: 409,
  MODEL_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PORT_IN_USE: 500,
  BROKER_UNREACHABLE: 503,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERRORS[code];
  }

  toJSON(): { error: { code: string; message: string; details?: unknown } } {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** A request body over the limit: 413 saying how large a body may be. */
export const bodyTooLarge = (limitBytes: number): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', `the request body is larger than ${limitBytes} bytes, the limit of this endpoint; send a smaller body (split a batch into several requests)`);
