import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import type { S3StorageConfig } from '../config.js';
import { assertSafeName, isSafeName, type FileStore, type ListedObject, type StoredObject } from './file-store.js';

/** A request the store gives up on; a download's body may take longer once its headers came. */
const REQUEST_TIMEOUT_MS = 30_000;

const tag = (xml: string, name: string): string | undefined => {
  const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return value === undefined ? undefined : value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
};

/**
 * An S3-compatible bucket (MinIO, Garage, Ceph, AWS) spoken to over HTTP with SigV4 signatures;
 * every instance of the office reaches the same files, and keeps none on its own disk.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  private readonly client: AwsClient;
  private readonly bucketUrl: URL;

  constructor(private readonly s3: S3StorageConfig) {
    // Two quick retries on 5xx/429: an upload waits on this, a longer outage is an error to show.
    this.client = new AwsClient({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, service: 's3', region: s3.region, retries: 2, initRetryMs: 100 });
    const url = new URL(s3.endpoint);
    const basePath = url.pathname.replace(/\/+$/, '');
    if (s3.forcePathStyle) url.pathname = `${basePath}/${s3.bucket}/`;
    else {
      url.hostname = `${s3.bucket}.${url.hostname}`;
      url.pathname = `${basePath}/`;
    }
    this.bucketUrl = url;
  }

  private objectUrl(name: string): URL {
    assertSafeName(name);
    // The prefix and the name hold only URL-safe characters (checked in config and assertSafeName).
    return new URL(`${this.s3.prefix}${name}`, this.bucketUrl);
  }

  /** One signed request; the timeout covers the wait for the answer's headers, not a long body. */
  private async send(method: string, url: URL, init: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      return await this.client.fetch(url.toString(), { method, headers: init.headers ?? {}, signal: controller.signal, ...(init.body ? { body: init.body } : {}) });
    } catch (error) {
      // fetch says only "fetch failed"; the cause names it (ECONNREFUSED, ENOTFOUND, a certificate).
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = controller.signal.aborted ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
      throw new Error(`S3 ${method} ${url.pathname}: ${why}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async failure(method: string, url: URL, res: Response): Promise<Error> {
    const text = await res.text().catch(() => '');
    return new Error(`S3 ${method} ${url.pathname}: ${res.status} ${tag(text, 'Code') ?? res.statusText}`);
  }

  async put(name: string, data: Buffer): Promise<void> {
    const url = this.objectUrl(name);
    const res = await this.send('PUT', url, {
      body: data,
      // The signed checksum makes the store refuse a body damaged on the way.
      headers: { 'content-type': 'application/octet-stream', 'x-amz-content-sha256': crypto.createHash('sha256').update(data).digest('hex') },
    });
    if (!res.ok) throw await this.failure('PUT', url, res);
    await res.body?.cancel();
  }

  async get(name: string): Promise<StoredObject | null> {
    if (!isSafeName(name)) return null;
    const url = this.objectUrl(name);
    const res = await this.send('GET', url);
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok || !res.body) throw await this.failure('GET', url, res);
    const length = res.headers.get('content-length');
    return { body: Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>), sizeBytes: length === null ? null : Number(length) };
  }

  async delete(name: string): Promise<void> {
    const url = this.objectUrl(name);
    const res = await this.send('DELETE', url);
    if (!res.ok && res.status !== 404) throw await this.failure('DELETE', url, res);
    await res.body?.cancel();
  }

  async exists(name: string): Promise<boolean> {
    if (!isSafeName(name)) return false;
    const url = this.objectUrl(name);
    const res = await this.send('HEAD', url);
    await res.body?.cancel();
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`S3 HEAD ${url.pathname}: ${res.status}`);
    return true;
  }

  async *list(): AsyncIterable<ListedObject> {
    let token: string | undefined;
    do {
      const url = new URL(this.bucketUrl);
      url.searchParams.set('list-type', '2');
      url.searchParams.set('prefix', this.s3.prefix);
      if (token) url.searchParams.set('continuation-token', token);
      const res = await this.send('GET', url);
      if (!res.ok) throw await this.failure('GET', url, res);
      const xml = await res.text();
      for (const [, entry = ''] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = tag(entry, 'Key');
        const modified = tag(entry, 'LastModified');
        if (key === undefined || modified === undefined) continue;
        const name = key.slice(this.s3.prefix.length);
        // Deeper "folders" under the prefix are not ours.
        if (name.includes('/')) continue;
        yield { name, modifiedAt: new Date(modified) };
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? tag(xml, 'NextContinuationToken') : undefined;
    } while (token);
  }

  async check(): Promise<void> {
    const where = `bucket ${this.s3.bucket} at ${this.s3.endpoint}`;
    const name = `start-check-${crypto.randomUUID()}`;
    try {
      await this.put(name, Buffer.from('aduan'));
      await this.delete(name);
    } catch (error) {
      const message = (error as Error).message;
      const hint = / 403 /.test(message) ? ' (check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_REGION)' : / 404 /.test(message) ? ' (does the bucket exist? S3_FORCE_PATH_STYLE?)' : '';
      throw new Error(`Storage: cannot write to ${where}: ${message}${hint}`);
    }
  }
}
