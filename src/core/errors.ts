/**
 * One error base for the whole project. Messages start with their subject (`lake: …`, `config: …`);
 * only the CLI turns errors into exit codes and decides whether to show the stack.
 */
export class AtlasError extends Error {
  /** Exit code the CLI uses for this kind of error. */
  readonly exitCode: number = 1;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The configuration (file, environment, flags) is invalid. `problems` holds one line per field. */
export class ConfigError extends AtlasError {
  override readonly exitCode = 2;
  constructor(
    message: string,
    readonly problems: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Input data (a file, a line, a record) is malformed or empty. */
export class InputError extends AtlasError {
  override readonly exitCode = 3;
}

/** The lake (local folder or S3) failed or holds something unexpected. */
export class LakeError extends AtlasError {
  override readonly exitCode = 4;
}

/** A platform (Twitch IRC, Helix, GQL) refused or failed. */
export class PlatformError extends AtlasError {
  override readonly exitCode = 5;
}

export function isAtlasError(error: unknown): error is AtlasError {
  return error instanceof AtlasError;
}
