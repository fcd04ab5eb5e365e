import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A ZIP archive of in-memory files, deflated with Node's native zlib.
 *
 * The docx library zips with fflate, in pure JavaScript: ≈ 0.3 s for the 3 MB of XML of a
 * 1,000-action plan, against ≈ 30 ms for zlib. The container itself is small: a local header per
 * file with its CRC and sizes known up front (no data descriptors, which some Office readers
 * dislike), then the central directory. Sizes stay far below ZIP64's 4 GiB.
 */
export function writeZip(
  files: Array<{ path: string; data: Uint8Array }>,
  modified = new Date(),
): Uint8Array {
  const time = (modified.getHours() << 11) | (modified.getMinutes() << 5) | (modified.getSeconds() >> 1);
  const date =
    ((Math.max(modified.getFullYear(), 1980) - 1980) << 9) |
    ((modified.getMonth() + 1) << 5) |
    modified.getDate();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.path, 'utf8');
    const compressed = deflateRawSync(file.data);
    const checksum = crc32(file.data);
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommonFields(local, 4, {
      time,
      date,
      checksum,
      compressed: compressed.length,
      size: file.data.length,
    });
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    name.copy(local, 30);
    const entry = Buffer.alloc(46 + name.length);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: version 2.0
    writeCommonFields(entry, 6, {
      time,
      date,
      checksum,
      compressed: compressed.length,
      size: file.data.length,
    });
    entry.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number, internal and external attributes: all zero.
    entry.writeUInt32LE(offset, 42);
    name.copy(entry, 46);
    chunks.push(local, compressed);
    central.push(entry);
    offset += local.length + compressed.length;
  }
  const directorySize = central.reduce((sum, entry) => sum + entry.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  const archive = Buffer.concat([...chunks, ...central, end]);
  return new Uint8Array(archive.buffer, archive.byteOffset, archive.byteLength);
}

/** The fields local headers and central directory entries share, from "version needed" on. */
function writeCommonFields(
  header: Buffer,
  at: number,
  fields: { time: number; date: number; checksum: number; compressed: number; size: number },
): void {
  header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
  header.writeUInt16LE(0x0800, at + 2); // file names are UTF-8
  header.writeUInt16LE(8, at + 4); // deflate
  header.writeUInt16LE(fields.time, at + 6);
  header.writeUInt16LE(fields.date, at + 8);
  header.writeUInt32LE(fields.checksum, at + 10);
  header.writeUInt32LE(fields.compressed, at + 14);
  header.writeUInt32LE(fields.size, at + 18);
}
