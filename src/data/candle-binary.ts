/**
 * The binary column format of a {@link CandleSeries}: a 64-byte header followed by the six
 * Float64 columns (timestamp, open, high, low, close, volume), each contiguous and 8-byte aligned,
 * in the host's byte order (little-endian on every platform Node supports in practice; a file
 * written with the other byte order is rejected, not misread).
 *
 * Header layout (byte offset: field):
 * - 0: magic `HLCANDLE` (8 ASCII bytes)
 * - 8: uint32 format version ({@link CANDLE_BINARY_VERSION})
 * - 12: uint32 byte-order mark 0x01020304
 * - 16: float64 row count
 * - 24: uint32 column count (6)
 * - 28: uint32 header size (64)
 * - 32: float64 first timestamp (NaN when empty)
 * - 40: float64 last timestamp (NaN when empty)
 * - 48: uint32 CRC-32 of the column bytes (zlib's, hardware-accelerated)
 * - 52: uint32 checksum of header bytes 0–51
 * - 56: reserved (zero)
 */

import { Buffer } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { crc32 } from "node:zlib";
import { CANDLE_COLUMNS, type CandleSeries } from "./candle-series.ts";

/** Format version written to and required in the header. */
export const CANDLE_BINARY_VERSION = 1;

/** Size of the header in bytes (a multiple of 8, so the columns stay aligned). */
export const CANDLE_BINARY_HEADER_BYTES = 64;

const MAGIC = "HLCANDLE";
const BYTE_ORDER_MARK = 0x01020304;
const COLUMN_COUNT = CANDLE_COLUMNS.length;
const BYTES_PER_ROW = COLUMN_COUNT * Float64Array.BYTES_PER_ELEMENT;
/** The header is written in host byte order, like the columns. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([BYTE_ORDER_MARK]).buffer)[0] === 0x04;

function checksumHeader(view: DataView): number {
  let hash = 0x811c9dc5;
  for (let offset = 0; offset < 52; offset++) hash = Math.imul(hash ^ view.getUint8(offset), 0x01000193);
  return hash >>> 0;
}

/**
 * Encodes `series` into one buffer in the binary column format (header + 6 columns).
 *
 * @returns bytes whose `byteOffset` is 0 (a fresh `ArrayBuffer`).
 */
export function encodeCandleBinary(series: CandleSeries): Uint8Array {
  const rows = series.length;
  const buffer = new ArrayBuffer(CANDLE_BINARY_HEADER_BYTES + rows * BYTES_PER_ROW);
  CANDLE_COLUMNS.forEach((name, index) => {
    new Float64Array(buffer, CANDLE_BINARY_HEADER_BYTES + index * rows * 8, rows).set(
      series[name].subarray(0, rows),
    );
  });
  const view = new DataView(buffer);
  for (let index = 0; index < MAGIC.length; index++) view.setUint8(index, MAGIC.charCodeAt(index));
  const littleEndian = HOST_LITTLE_ENDIAN;
  view.setUint32(8, CANDLE_BINARY_VERSION, littleEndian);
  view.setUint32(12, BYTE_ORDER_MARK, littleEndian);
  view.setFloat64(16, rows, littleEndian);
  view.setUint32(24, COLUMN_COUNT, littleEndian);
  view.setUint32(28, CANDLE_BINARY_HEADER_BYTES, littleEndian);
  view.setFloat64(32, rows > 0 ? (series.timestamp[0] as number) : Number.NaN, littleEndian);
  view.setFloat64(40, rows > 0 ? (series.timestamp[rows - 1] as number) : Number.NaN, littleEndian);
  view.setUint32(48, crc32(new Uint8Array(buffer, CANDLE_BINARY_HEADER_BYTES)), littleEndian);
  view.setUint32(52, checksumHeader(view), littleEndian);
  return new Uint8Array(buffer);
}

/** The header fields of an intact header, or null. */
interface CandleBinaryHeader {
  readonly rows: number;
  readonly checksum: number;
  readonly firstTimestamp: number;
  readonly lastTimestamp: number;
}

/** Checks the 64 header bytes at `view` against the format and the total byte length. */
function readHeader(view: DataView, totalBytes: number): CandleBinaryHeader | null {
  const little = HOST_LITTLE_ENDIAN;
  for (let index = 0; index < MAGIC.length; index++) {
    if (view.getUint8(index) !== MAGIC.charCodeAt(index)) return null;
  }
  if (view.getUint32(12, little) !== BYTE_ORDER_MARK) return null;
  if (view.getUint32(8, little) !== CANDLE_BINARY_VERSION) return null;
  if (view.getUint32(52, little) !== checksumHeader(view)) return null;
  const rows = view.getFloat64(16, little);
  if (!Number.isSafeInteger(rows) || rows < 0) return null;
  if (view.getUint32(24, little) !== COLUMN_COUNT) return null;
  if (view.getUint32(28, little) !== CANDLE_BINARY_HEADER_BYTES) return null;
  if (totalBytes !== CANDLE_BINARY_HEADER_BYTES + rows * BYTES_PER_ROW) return null;
  return {
    rows,
    checksum: view.getUint32(48, little),
    firstTimestamp: view.getFloat64(32, little),
    lastTimestamp: view.getFloat64(40, little),
  };
}

/** Column views over an aligned, verified buffer; null when the header's first/last timestamps disagree. */
function seriesOver(
  buffer: ArrayBuffer,
  byteOffset: number,
  header: CandleBinaryHeader,
): CandleSeries | null {
  const rows = header.rows;
  const dataOffset = byteOffset + CANDLE_BINARY_HEADER_BYTES;
  const column = (index: number): Float64Array =>
    new Float64Array(buffer, dataOffset + index * rows * 8, rows);
  const series: CandleSeries = {
    length: rows,
    timestamp: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
  if (
    rows > 0 &&
    (series.timestamp[0] !== header.firstTimestamp || series.timestamp[rows - 1] !== header.lastTimestamp)
  ) {
    return null;
  }
  return series;
}

/**
 * Decodes the binary column format. The returned series' columns are views into `bytes`' buffer
 * (no copy) when `bytes.byteOffset` is a multiple of 8, and a copy otherwise.
 *
 * @returns the series, or `null` when the bytes are not a complete, intact file of this format and
 *   version (wrong magic/version/byte order, wrong size, CRC mismatch, inconsistent header).
 */
export function decodeCandleBinary(bytes: Uint8Array): CandleSeries | null {
  if (bytes.byteLength < CANDLE_BINARY_HEADER_BYTES) return null;
  let source = bytes;
  if (bytes.byteOffset % 8 !== 0) {
    source = new Uint8Array(bytes.byteLength);
    source.set(bytes);
  }
  const header = readHeader(
    new DataView(source.buffer, source.byteOffset, CANDLE_BINARY_HEADER_BYTES),
    source.byteLength,
  );
  if (!header) return null;
  if (crc32(source.subarray(CANDLE_BINARY_HEADER_BYTES)) !== header.checksum) return null;
  return seriesOver(source.buffer as ArrayBuffer, source.byteOffset, header);
}

/** Bytes read per `read` call; the CRC of each chunk is taken while it is still in cache. */
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Reads a binary column file into one fresh, aligned buffer (in 1 MiB reads, checking the CRC as it
 * goes) and returns Float64Array views into it (see {@link decodeCandleBinary}).
 *
 * @returns the series, or `null` when the file is missing, unreadable or not intact.
 */
export function readCandleBinaryFile(path: string): CandleSeries | null {
  let descriptor: number;
  try {
    descriptor = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const size = fstatSync(descriptor).size;
    if (size < CANDLE_BINARY_HEADER_BYTES) return null;
    // allocUnsafeSlow: its own ArrayBuffer (byteOffset 0, so 8-aligned), no zero-fill.
    const bytes = Buffer.allocUnsafeSlow(size);
    if (readSync(descriptor, bytes, 0, CANDLE_BINARY_HEADER_BYTES, 0) !== CANDLE_BINARY_HEADER_BYTES)
      return null;
    const header = readHeader(new DataView(bytes.buffer, bytes.byteOffset, CANDLE_BINARY_HEADER_BYTES), size);
    if (!header) return null;
    let checksum = 0;
    for (let offset = CANDLE_BINARY_HEADER_BYTES; offset < size; ) {
      const count = readSync(descriptor, bytes, offset, Math.min(READ_CHUNK_BYTES, size - offset), offset);
      if (count === 0) return null;
      checksum = crc32(bytes.subarray(offset, offset + count), checksum);
      offset += count;
    }
    if (checksum !== header.checksum) return null;
    return seriesOver(bytes.buffer as ArrayBuffer, bytes.byteOffset, header);
  } catch {
    return null;
  } finally {
    closeSync(descriptor);
  }
}
