import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DOCKERFILE = join(__dirname, '..', '..', 'deploy', 'Dockerfile');

export interface Instruction {
  keyword: string;
  /** The instruction's text after its keyword, continuation lines joined. */
  text: string;
  /** The JSON-array (exec) form's words, when the instruction is written that way. */
  exec?: string[];
}

/** A Dockerfile's instructions per stage, as docker reads them: comments dropped, `\` lines joined. */
export function readDockerfile(path = DOCKERFILE): Instruction[][] {
  const joined = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of joined.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const [keyword = '', ...rest] = line.split(/\s+/);
    const text = rest.join(' ');
    const instruction: Instruction = { keyword: keyword.toUpperCase(), text };
    const json = /(?:^|\bCMD\s+)(\[.*\])$/.exec(text)?.[1];
    if (json) instruction.exec = JSON.parse(json) as string[];
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** What the production-install test repeats: the install command, the files copied, how it starts. */
export function productionRecipe(path = DOCKERFILE) {
  const stages = readDockerfile(path);
  const final = stages.at(-1) ?? [];
  const one = (stage: Instruction[], keyword: string) => {
    const found = stage.filter((i) => i.keyword === keyword);
    if (found.length !== 1) throw new Error(`expected one ${keyword} in a stage, found ${found.length}`);
    return found[0] as Instruction;
  };
  const install = stages
    .flat()
    .filter((i) => i.keyword === 'RUN' && i.text.startsWith('npm '))
    .map((i) => i.text);
  // COPY <sources…> <destination>; copies from another stage bring what `install` made.
  const copied = final
    .filter((i) => i.keyword === 'COPY' && !i.text.startsWith('--from'))
    .flatMap((i) => i.text.split(/\s+/).slice(0, -1));
  const healthcheck = one(final, 'HEALTHCHECK');
  return {
    install,
    copied,
    entrypoint: one(final, 'ENTRYPOINT').exec ?? [],
    defaultArgs: one(final, 'CMD').exec ?? [],
    user: one(final, 'USER').text,
    healthcheck: healthcheck.exec ?? [],
    env: Object.fromEntries(
      final.filter((i) => i.keyword === 'ENV').map((i) => i.text.split('=', 2) as [string, string]),
    ),
  };
}
