import type { FastifyRequest } from 'fastify';
import type { IncomingFile } from '../complaints/attachments.js';
import { AppError } from './errors.js';
import { parseJsonText } from './json-body.js';

/**
 * A JSON body, or a multipart body whose `jsonField` part holds the JSON text and whose file
 * parts are attachments. One shape for the API, the portal and the back office.
 */
export async function readJsonAndFiles(request: FastifyRequest, jsonField: string, limits?: { fileSize: number }): Promise<{ json: unknown; files: IncomingFile[] }> {
  if (!request.isMultipart()) return { json: request.body ?? {}, files: [] };
  let json: unknown = undefined;
  const files: IncomingFile[] = [];
  try {
    await readParts();
  } catch (error) {
    // A torn or malformed form is the client's fault; size limits keep their own 413.
    const status = (error as { statusCode?: number }).statusCode;
    if (error instanceof AppError || status === 413) throw error;
    throw new AppError('bad_request');
  }
  if (json === undefined) {
    throw new AppError('validation_failed', [{ path: jsonField, message: { id: 'Wajib diisi.', en: 'Required.' } }]);
  }
  return { json, files };

  async function readParts(): Promise<void> {
  // A route's own file size limit (a register import) replaces the attachments' one.
  for await (const part of request.parts(limits ? { limits } : undefined)) {
    if (part.type === 'file') {
      files.push({ filename: part.filename, data: await part.toBuffer() });
    } else if (part.fieldname === jsonField) {
      json = parseJsonText(String(part.value), jsonField);
    } else {
      throw new AppError('validation_failed', [{ path: part.fieldname, message: { id: 'Kolom tidak dikenal.', en: 'Unknown field.' } }]);
    }
  }
  }
}
