import yauzl, { type Entry, type ZipFile } from 'yauzl';

// yauzl 3 exports this, but @types/yauzl (2.x) does not declare it.
const getFileNameLowLevel = (yauzl as unknown as {
  getFileNameLowLevel(flags: number, name: Buffer, extraFields: Entry['extraFields'], strictFileNames: boolean): string;
}).getFileNameLowLevel;

export interface ZipArchiveEntry {
  /** Decoded name with backslashes kept, so they can be refused rather than turned into folders. */
  name: string;
  entry: Entry;
}

/**
 * A zip file read in place: entries are listed from the central directory and read one at a time
 * into memory. Nothing is ever extracted to disk, so no entry name can write anywhere.
 */
export class ZipArchive {
  private constructor(private readonly zip: ZipFile) {}

  /** Throws (yauzl's message) when the file is not a zip. */
  static open(path: string): Promise<ZipArchive> {
    return new Promise((resolve, reject) => {
      // decodeStrings: false, because yauzl would otherwise fail the whole zip on the first unsafe
      // name; each unsafe entry is refused on its own instead.
      yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, zip) => {
        if (error) reject(error);
        else resolve(new ZipArchive(zip));
      });
    });
  }

  get entryCount(): number {
    return this.zip.entryCount;
  }

  entries(): Promise<ZipArchiveEntry[]> {
    return new Promise((resolve, reject) => {
      const list: ZipArchiveEntry[] = [];
      this.zip.on('entry', (entry: Entry) => {
        const raw = entry.fileName as unknown as Buffer;
        list.push({ name: getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true), entry });
        this.zip.readEntry();
      });
      this.zip.once('end', () => resolve(list));
      this.zip.once('error', reject);
      this.zip.readEntry();
    });
  }

  /** The entry's bytes; yauzl checks they match the declared size, which the caller has bounded. */
  read(entry: Entry): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (error, stream) => {
        if (error) {
          reject(error);
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.once('error', reject);
        stream.once('end', () => resolve(Buffer.concat(chunks)));
      });
    });
  }

  close(): void {
    this.zip.close();
  }
}
