/**
 * The archive's container: a plain ustar stream, gzip-compressed, so an IT person can look inside
 * with `tar tzf`. Only regular files are written or read; anything else in a stream is refused.
 */
import { Readable, type Writable } from 'node:stream';

const BLOCK = 512;

export class ArchiveFormatError extends Error {}

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, length, 'utf8');
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

/** One ustar header; names are ours (`tables/…`, `files/…`), short and ASCII. */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`archive entry name too long: ${name}`);
  const header = Buffer.alloc(BLOCK, 0);
  field(header, 0, 100, name);
  field(header, 100, 8, octal(0o644, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(size, 12));
  field(header, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12));
  field(header, 148, 8, '        ');
  field(header, 156, 1, '0');
  field(header, 257, 6, 'ustar\0');
  field(header, 263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);

/** Writes entries one after the other into `out`, waiting for it to drain. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async put(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.out.once('error', onError);
      this.out.once('drain', () => (this.out.off('error', onError), resolve()));
    });
  }

  async entry(name: string, data: Buffer, mtime = new Date()): Promise<void> {
    await this.put(tarHeader(name, data.length, mtime));
    await this.put(data);
    await this.put(padding(data.length));
  }

  /** An entry whose bytes come from a stream of exactly `size` bytes. */
  async streamEntry(name: string, size: number, body: AsyncIterable<Buffer>, mtime = new Date()): Promise<void> {
    await this.put(tarHeader(name, size, mtime));
    let written = 0;
    for await (const chunk of body) {
      written += chunk.length;
      if (written > size) throw new Error(`${name} grew while it was being read`);
      await this.put(chunk);
    }
    if (written !== size) throw new Error(`${name} shrank while it was being read`);
    await this.put(padding(size));
  }

  /** Two zero blocks end a tar stream. */
  async finish(): Promise<void> {
    await this.put(Buffer.alloc(BLOCK * 2, 0));
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; must be read to the end (or `skip()` called) before the next entry. */
  body: AsyncIterable<Buffer>;
}

function readOctal(header: Buffer, offset: number, length: number): number {
  const text = header.subarray(offset, offset + length).toString('latin1').replace(/\0.*$/s, '').trim();
  if (!/^[0-7]+$/.test(text)) throw new ArchiveFormatError('not a tar stream (bad number field)');
  return parseInt(text, 8);
}

function parseHeader(header: Buffer): { name: string; size: number } {
  const magic = header.subarray(257, 262).toString('latin1');
  if (magic !== 'ustar') throw new ArchiveFormatError('not a tar stream');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
  if (sum !== readOctal(header, 148, 8)) throw new ArchiveFormatError('tar header checksum mismatch');
  const type = String.fromCharCode(header[156] as number);
  if (type !== '0' && type !== '\0') throw new ArchiveFormatError('unexpected entry type in the archive');
  return { name: header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, ''), size: readOctal(header, 124, 12) };
}

/**
 * Reads a tar stream entry by entry without holding more than one chunk: each entry's body is
 * an async iterable the caller consumes before asking for the next entry.
 */
export async function* readTar(input: Readable | AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const source = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buffered: Buffer = Buffer.alloc(0);
  let ended = false;
  const fill = async (n: number): Promise<boolean> => {
    while (buffered.length < n && !ended) {
      let next: IteratorResult<Buffer>;
      try {
        next = await source.next();
      } catch (error) {
        // zlib's own errors: the compressed stream is damaged or was never gzip.
        if (String((error as NodeJS.ErrnoException).code ?? '').startsWith('Z_')) throw new ArchiveFormatError('not a gzip stream, or damaged');
        throw error;
      }
      if (next.done) ended = true;
      else buffered = buffered.length ? Buffer.concat([buffered, next.value]) : next.value;
    }
    return buffered.length >= n;
  };
  const take = (n: number): Buffer => {
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  };
  for (;;) {
    if (!(await fill(BLOCK))) {
      if (buffered.length === 0) throw new ArchiveFormatError('the archive ends early (cut off?)');
      throw new ArchiveFormatError('the archive ends inside a header (cut off?)');
    }
    const header = take(BLOCK);
    if (header.every((b) => b === 0)) return;
    const { name, size } = parseHeader(header);
    let left = size;
    let consumed = false;
    async function* body(): AsyncGenerator<Buffer> {
      consumed = true;
      while (left > 0) {
        if (buffered.length === 0 && !(await fill(1))) throw new ArchiveFormatError(`the archive ends inside ${name} (cut off?)`);
        const chunk = take(Math.min(left, buffered.length));
        left -= chunk.length;
        yield chunk;
      }
    }
    yield { name, size, body: body() };
    if (!consumed || left > 0) for await (const chunk of body()) void chunk;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad && !(await fill(pad))) throw new ArchiveFormatError('the archive ends early (cut off?)');
    take(pad);
  }
}

export async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
}

export const fromBuffer = (data: Buffer): Readable => Readable.from([data]);
