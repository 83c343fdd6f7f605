/** Why the sandbox could not start. */
export type SandboxErrorCode = 'invalid_config' | 'listen_failed' | 'service_failed';

export class SandboxError extends Error {
  override readonly name = 'SandboxError';

  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
