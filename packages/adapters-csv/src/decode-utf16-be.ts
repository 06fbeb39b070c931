import { TextDecoder } from 'node:util';

const UTF16_BE_BOM = Buffer.from([0xfe, 0xff]);

/**
 * A file's chunks as they come, unless its bytes start with UTF-16BE's byte order mark: then its
 * text, decoded, without the mark. csv-parse recognises the marks of UTF-8 and UTF-16LE only, and
 * would read UTF-16BE as UTF-8, with a NUL in every cell.
 */
export async function* decodeUtf16Be(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  let head = Buffer.alloc(0);
  let decided = false;
  let decoder: TextDecoder | undefined;
  for await (const chunk of source) {
    if (decoder !== undefined) {
      const text = decoder.decode(bytesOf(chunk), { stream: true });
      if (text !== '') yield text;
    } else if (decided) yield chunk;
    else {
      // The mark may be split across the first chunks.
      head = Buffer.concat([head, bytesOf(chunk)]);
      if (head.length < UTF16_BE_BOM.length) continue;
      decided = true;
      if (UTF16_BE_BOM.equals(head.subarray(0, UTF16_BE_BOM.length))) {
        decoder = new TextDecoder('utf-16be');
        const text = decoder.decode(head, { stream: true });
        if (text !== '') yield text;
      } else yield head;
    }
  }
  if (decoder !== undefined) {
    const text = decoder.decode();
    if (text !== '') yield text;
  } else if (!decided && head.length > 0) yield head;
}

const bytesOf = (chunk: Buffer | string): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
