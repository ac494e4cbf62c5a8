/**
 * `streamscore passwd <file> <user>` (also `npm run passwd -- <file> <user>`): adds a user to the
 * embedded broker's users file, or replaces its password, with a fresh scrypt hash. The password is
 * read from the terminal without echo (typed twice), or as the first line of piped stdin.
 */

import { renameSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { hashPassword, USERNAME } from './broker-auth.ts';

const USAGE = 'Usage: streamscore passwd <users-file> <user>      (password from the terminal or stdin)\n       streamscore passwd --delete <users-file> <user>';

export interface PasswdIo {
  readPassword(prompt: string): Promise<string>;
  err(text: string): void;
}

/** Returns the exit code. The file keeps its other lines and comments; it is written mode 0600, atomically. */
export async function passwd(argv: string[], io: PasswdIo = terminalIo()): Promise<number> {
  const remove = argv[0] === '--delete';
  const [file, user, ...rest] = remove ? argv.slice(1) : argv;
  if (!file || !user || rest.length) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  if (!USERNAME.test(user)) {
    io.err(`streamscore passwd: "${user.slice(0, 80)}" is not a valid user name: letters, digits, '_', '.', '-', ':' or '@', at most 128 (no '/', '+' or '#': it becomes a topic level)\n`);
    return 2;
  }
  let lines: string[] = [];
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const mine = (line: string): boolean => line.startsWith(`${user}:`);
  if (remove) {
    if (!lines.some(mine)) {
      io.err(`streamscore passwd: ${file} has no user "${user}"\n`);
      return 1;
    }
    write(file, lines.filter((l) => !mine(l)));
    return 0;
  }
  const password = await io.readPassword(`password for ${user}: `);
  if (password.length < 8) {
    io.err('streamscore passwd: the password must have at least 8 characters\n');
    return 1;
  }
  const entry = `${user}:${await hashPassword(password)}`;
  const at = lines.findIndex(mine);
  if (at >= 0) lines[at] = entry;
  else lines.push(entry);
  write(file, lines);
  io.err(`${at >= 0 ? 'updated' : 'added'} ${user} in ${file}\n`);
  return 0;
}

function write(file: string, lines: string[]): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  renameSync(tmp, file);
}

function terminalIo(): PasswdIo {
  return {
    err: (text) => process.stderr.write(text),
    async readPassword(prompt) {
      if (!process.stdin.isTTY) return (await readAll()).split(/\r?\n/)[0] ?? '';
      const first = await readMuted(prompt);
      const again = await readMuted('again: ');
      if (first !== again) throw new Error('the two passwords differ');
      return first;
    },
  };
}

async function readAll(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/** One line from the terminal in raw mode, so the password is not echoed. */
function readMuted(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let text = '';
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0003') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          if (ch === '\u0003') reject(new Error('cancelled'));
          else resolve(text);
          return;
        }
        if (ch === '\u007f') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  passwd(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`streamscore passwd: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
