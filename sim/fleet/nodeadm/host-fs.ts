import { posix } from 'node:path';
import type {
  BufferEncoding,
  ByteString,
  CpOptions,
  FileContent,
  FsStat,
  IFileSystem,
  MkdirOptions,
  RmOptions,
} from 'just-bash';
import { unsafeBytesFromLatin1 } from 'just-bash';
import { removePath } from '../host-files';
import type { Host } from '../types';

type Encoding = BufferEncoding | { encoding?: BufferEncoding | null } | undefined;

const DEV_NULL = '/dev/null';

/** Directories every host has, whether or not a file lies under them yet. */
const BASE_DIRS = [
  '/',
  '/etc',
  '/root',
  '/tmp',
  '/var',
  '/var/lib',
  '/var/log',
  '/proc',
  '/run',
  '/home',
  '/opt',
  '/dev',
  '/usr',
  '/usr/local',
];

/**
 * The host's files (`host.files`, text by absolute path) as the shell's filesystem, with the files the
 * kernel and the OS provide (`/proc/meminfo`, `/etc/os-release`) read from the host's state when read.
 * A directory exists when something lies under it or a script made it; writing a file makes its
 * parents, as the simulator always let scripts do. There is no /usr/bin: the shell library then runs
 * its commands (and the host's programs) by name, which it would not do with one.
 */
export class HostFs implements IFileSystem {
  private readonly dirs: Set<string>;

  constructor(
    private readonly host: Host,
    /** Files the kernel or the OS provides, read from the host's state (a file the host holds wins). */
    private readonly provided: Record<string, () => string>,
    /** Directories the host's installed packages made. */
    dirs: string[] = [],
  ) {
    this.dirs = new Set([...BASE_DIRS, ...dirs]);
  }

  /** A file's text, as the host's programs read it; undefined when there is none. */
  readText(path: string): string | undefined {
    const abs = normal(path);
    if (abs === DEV_NULL) return '';
    return this.host.files.get(abs) ?? this.provided[abs]?.();
  }

  async readFile(path: string, options?: Encoding): Promise<string> {
    const text = this.read(path, 'open');
    return isBinary(options) ? Buffer.from(text, 'utf8').toString('latin1') : text;
  }

  async readFileBytes(path: string): Promise<ByteString> {
    return unsafeBytesFromLatin1(Buffer.from(this.read(path, 'open'), 'utf8').toString('latin1'));
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    return new Uint8Array(Buffer.from(this.read(path, 'open'), 'utf8'));
  }

  async writeFile(path: string, content: FileContent, options?: Encoding): Promise<void> {
    this.write(path, text(content, options), false);
  }

  async appendFile(path: string, content: FileContent, options?: Encoding): Promise<void> {
    this.write(path, text(content, options), true);
  }

  async exists(path: string): Promise<boolean> {
    return this.kind(normal(path)) !== undefined;
  }

  async stat(path: string): Promise<FsStat> {
    const abs = normal(path);
    const kind = this.kind(abs);
    if (!kind) throw enoent('stat', path);
    const size = kind === 'file' ? Buffer.byteLength(this.readText(abs) ?? '') : 4096;
    return {
      isFile: kind === 'file',
      isDirectory: kind === 'dir',
      isSymbolicLink: false,
      mode: kind === 'dir' ? 0o40755 : 0o100644,
      size,
      mtime: new Date(0),
    };
  }

  lstat(path: string): Promise<FsStat> {
    return this.stat(path);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    const abs = normal(path);
    const kind = this.kind(abs);
    if (kind === 'file' || (kind === 'dir' && !options?.recursive))
      throw new Error(`EEXIST: file already exists, mkdir '${path}'`);
    if (!options?.recursive && this.kind(posix.dirname(abs)) !== 'dir') throw enoent('mkdir', path);
    for (let d = abs; d !== '/'; d = posix.dirname(d)) this.dirs.add(d);
  }

  async readdir(path: string): Promise<string[]> {
    const abs = normal(path);
    const kind = this.kind(abs);
    if (!kind) throw enoent('scandir', path);
    if (kind === 'file') throw new Error(`ENOTDIR: not a directory, scandir '${path}'`);
    const prefix = abs === '/' ? '/' : `${abs}/`;
    const names = new Set<string>();
    for (const p of [...this.paths(), ...this.dirs]) {
      if (p !== abs && p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]!);
    }
    return [...names].sort();
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    const abs = normal(path);
    const kind = this.kind(abs);
    if (!kind) {
      if (options?.force) return;
      throw enoent('rm', path);
    }
    if (kind === 'dir' && !options?.recursive && (await this.readdir(abs)).length > 0)
      throw new Error(`ENOTEMPTY: directory not empty, rm '${path}'`);
    removePath(this.host, abs, kind === 'dir');
    for (const d of [...this.dirs]) if (d === abs || d.startsWith(`${abs}/`)) this.dirs.delete(d);
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    const from = normal(src);
    const kind = this.kind(from);
    if (!kind) throw enoent('cp', src);
    if (kind === 'file') {
      this.write(dest, this.read(src, 'open'), false);
      return;
    }
    if (!options?.recursive) throw new Error(`EISDIR: is a directory, cp '${src}'`);
    const to = normal(dest);
    this.dirs.add(to);
    for (const p of this.paths())
      if (p.startsWith(`${from}/`)) this.write(to + p.slice(from.length), this.read(p, 'open'), false);
  }

  async mv(src: string, dest: string): Promise<void> {
    await this.cp(src, dest, { recursive: true });
    await this.rm(src, { recursive: true });
  }

  resolvePath(base: string, path: string): string {
    return posix.resolve(base, path);
  }

  getAllPaths(): string[] {
    return [...new Set([...this.paths(), ...this.dirs])];
  }

  async chmod(path: string, _mode: number): Promise<void> {
    if (!(await this.exists(path))) throw enoent('chmod', path);
  }

  async symlink(_target: string, linkPath: string): Promise<void> {
    throw new Error(`EPERM: operation not permitted, symlink '${linkPath}'`);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    await this.cp(existingPath, newPath);
  }

  async readlink(path: string): Promise<string> {
    throw new Error(`EINVAL: invalid argument, readlink '${path}'`);
  }

  async realpath(path: string): Promise<string> {
    const abs = normal(path);
    if (!this.kind(abs)) throw enoent('realpath', path);
    return abs;
  }

  async utimes(path: string): Promise<void> {
    if (!(await this.exists(path))) throw enoent('utimes', path);
  }

  private read(path: string, op: string): string {
    const abs = normal(path);
    const found = this.readText(abs);
    if (found !== undefined) return found;
    if (this.kind(abs) === 'dir') throw new Error(`EISDIR: illegal operation on a directory, read '${path}'`);
    throw enoent(op, path);
  }

  private write(path: string, content: string, append: boolean): void {
    const abs = normal(path);
    if (abs === DEV_NULL) return;
    if (this.kind(abs) === 'dir') throw new Error(`EISDIR: illegal operation on a directory, open '${path}'`);
    if (abs.startsWith('/proc/')) throw new Error(`EACCES: permission denied, open '${path}'`);
    this.host.files.set(abs, append ? (this.host.files.get(abs) ?? '') + content : content);
  }

  private paths(): string[] {
    return [...this.host.files.keys(), ...Object.keys(this.provided)];
  }

  private kind(abs: string): 'file' | 'dir' | undefined {
    if (this.host.files.has(abs) || this.provided[abs] || abs === DEV_NULL) return 'file';
    if (this.dirs.has(abs)) return 'dir';
    const prefix = abs === '/' ? '/' : `${abs}/`;
    return this.paths().some((p) => p.startsWith(prefix)) ? 'dir' : undefined;
  }
}

function normal(path: string): string {
  return posix.resolve('/', path);
}

function enoent(op: string, path: string): Error {
  return new Error(`ENOENT: no such file or directory, ${op} '${path}'`);
}

function isBinary(options: Encoding): boolean {
  const encoding = typeof options === 'string' ? options : options?.encoding;
  return encoding === 'binary' || encoding === 'latin1';
}

/** The host keeps text: bytes (a latin1 string or an array) are read as the UTF-8 they hold. */
function text(content: FileContent, options: Encoding): string {
  if (typeof content !== 'string') return Buffer.from(content).toString('utf8');
  return isBinary(options) ? Buffer.from(content, 'latin1').toString('utf8') : content;
}
