/**
 * The small part of POSIX shell that bootstraps and Run Command scripts use: simple commands joined
 * by `&&`, `||`, `;`, `|` and newlines, subshell parentheses, quotes, `>`/`>>` redirects and heredocs.
 * No expansion: `$VAR`, `$(…)` and globs stay as written.
 */

export interface Redirect {
  /** 1 for stdout (`>`, `>>`, `&>`), 2 for stderr (`2>`). */
  fd: number;
  target: string;
  append: boolean;
}

export interface SimpleCommand {
  words: string[];
  redirects: Redirect[];
  /** The body of a heredoc on this command's stdin. */
  heredoc?: string;
}

export interface Statement {
  /** The pipeline's commands, left to right. */
  pipeline: SimpleCommand[];
  /** How it joins the previous statement: runs after it (`seq`), only if it succeeded (`and`) or failed (`or`). */
  after: 'seq' | 'and' | 'or';
  /** 1-based line of the script it starts on, for bash's `line N:` messages. */
  line: number;
}

type Token = { op: string } | { word: string };

const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/;
/** Stands where a heredoc operator was, so the body goes to the command that had it. */
const HEREDOC_HERE = '\u0001';
const OPERATOR = /^(&&|\|\||;|\||\(|\)|&>|\d?>>|\d?>&\d|>&\d|\d?>|<)/;

export function parseShell(script: string): Statement[] {
  const lines = script.split('\n');
  const statements: Statement[] = [];
  let joinNext: Statement['after'] = 'seq';
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]}`;
    let heredoc: string | undefined;
    const marker = HEREDOC.exec(line);
    if (marker) {
      const body: string[] = [];
      for (i += 1; i < lines.length; i++) {
        const l = marker[1] ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
        if (l === marker[3]) break;
        body.push(l);
      }
      heredoc = body.length > 0 ? `${body.join('\n')}\n` : '';
      line = line.replace(HEREDOC, ` ${HEREDOC_HERE} `);
    }
    let current: Statement | undefined;
    let command: SimpleCommand | undefined;
    let after = joinNext;
    joinNext = 'seq';
    const end = () => {
      if (command) {
        current ??= { pipeline: [], after, line: lineNo };
        current.pipeline.push(command);
      }
      command = undefined;
    };
    const endStatement = (next: Statement['after']) => {
      end();
      if (current) statements.push(current);
      current = undefined;
      after = next;
    };
    const tokens = tokenize(line);
    for (let t = 0; t < tokens.length; t++) {
      const tok = tokens[t]!;
      if ('word' in tok) {
        command ??= { words: [], redirects: [] };
        if (tok.word === HEREDOC_HERE) command.heredoc = heredoc;
        else command.words.push(tok.word);
        continue;
      }
      const op = tok.op;
      if (op === '(' || op === ')') continue;
      if (op === '&&' || op === '||' || op === ';') {
        endStatement(op === '&&' ? 'and' : op === '||' ? 'or' : 'seq');
        continue;
      }
      if (op === '|') {
        end();
        current ??= { pipeline: [], after, line: lineNo };
        continue;
      }
      const dup = /^(\d?)>&(\d)$/.exec(op);
      if (dup) {
        // `>&2` sends stdout to stderr, `2>&1` stderr to stdout.
        const from = dup[1] === '2' ? 2 : 1;
        const to = dup[2] === '2' ? '/dev/stderr' : '/dev/stdout';
        if ((from === 1) !== (to === '/dev/stdout')) {
          command ??= { words: [], redirects: [] };
          command.redirects.push({ fd: from, target: to, append: true });
        }
        continue;
      }
      if (op === '<') {
        t++; // input redirection from a file: not modelled
        continue;
      }
      const next = tokens[t + 1];
      if (next && 'word' in next) {
        command ??= { words: [], redirects: [] };
        command.redirects.push({
          fd: op.startsWith('2') ? 2 : 1,
          target: next.word,
          append: op.endsWith('>>'),
        });
        t++;
      }
    }
    // A line ending in && or || continues on the next one.
    const last = tokens[tokens.length - 1];
    if (last && 'op' in last && (last.op === '&&' || last.op === '||')) {
      end();
      if (current) statements.push(current);
      joinNext = last.op === '&&' ? 'and' : 'or';
    } else {
      endStatement('seq');
    }
  }
  return statements;
}

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') break;
    const op = OPERATOR.exec(line.slice(i));
    if (op) {
      out.push({ op: op[1]! });
      i += op[1]!.length;
      continue;
    }
    let word = '';
    while (i < line.length && !/[\s;&|()<>]/.test(line[i]!)) {
      const ch = line[i]!;
      if (ch === "'") {
        const j = line.indexOf("'", i + 1);
        word += line.slice(i + 1, j < 0 ? undefined : j);
        i = j < 0 ? line.length : j + 1;
      } else if (ch === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) i++;
          word += line[i];
          i++;
        }
        i++;
      } else if (ch === '\\') {
        word += line[i + 1] ?? '';
        i += 2;
      } else {
        word += ch;
        i++;
      }
    }
    out.push({ word });
  }
  return out;
}
