/**
 * Appends text into one growing UTF-8 buffer. Run files reach 100 MB at 5,000 channels; building them as one
 * JS string (template pieces joined) was twice as slow and is capped by V8's maximum string length.
 */
export class Utf8Builder {
  private buffer: Buffer;
  private length = 0;
  /** Text not yet encoded: pieces are gathered into ~64K-character strings, one UTF-8 write per chunk. */
  private pending = "";

  constructor(initialBytes = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  push(text: string): void {
    // NOTE: millions of rows each written on their own spend their time in the encoder's per-call cost.
    this.pending += text;
    if (this.pending.length > CHUNK_CHARS) this.flush();
  }

  /** The bytes written so far (a view, not a copy). */
  finish(): Uint8Array {
    this.flush();
    return this.buffer.subarray(0, this.length);
  }

  private flush(): void {
    const text = this.pending;
    this.pending = "";
    // A UTF-16 unit encodes to at most 3 bytes, so this bound never under-reserves.
    const worst = text.length * 3;
    if (this.length + worst > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + worst));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
  }
}

const CHUNK_CHARS = 1 << 16;
