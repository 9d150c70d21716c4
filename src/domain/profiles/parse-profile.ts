import { LineCounter, parseDocument } from 'yaml';
import { canonicalProfile } from './canonical-profile';
import {
  clusterProfileSchema,
  type ProfileContext,
  type ProfileProblem,
  type ProfileResult,
} from './profile';
import { formatPath } from './profile-path';
import { locatedProfileProblems } from './validate-profile';
import { positionOf } from './yaml-position';

export { validateProfile } from './validate-profile';

/** A profile is a page of settings; a larger text is a mistake (or an attack) and is not parsed. */
export const MAX_PROFILE_CHARACTERS = 64 * 1024;
/** Anchors may be reused this many times at most, so a small file cannot expand into a huge one. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads a profile from YAML as a platform team keeps it in Git. Every problem (YAML syntax, shape,
 * rules) comes back at once, each with its path and the line and column of the offending node.
 */
export function parseProfileYaml(text: string, ctx: ProfileContext): ProfileResult {
  if (text.length > MAX_PROFILE_CHARACTERS) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `The profile is ${text.length} characters, more than ${MAX_PROFILE_CHARACTERS}: a profile holds settings, not files; keep it smaller.`,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = error.linePos?.[0];
        const where = at ? ` at line ${at.line}` : '';
        // prettyErrors appends the position and a code excerpt; the problem carries both already.
        const reason = (error.message.split('\n', 1)[0] ?? '').replace(/ at line \d+, column \d+:$/, '');
        return {
          path: '',
          ...(at ? { line: at.line, column: at.col } : {}),
          message:
            error.code === 'MULTIPLE_DOCS'
              ? `A profile is one YAML document: remove the --- separator${where}, or keep each profile in its own file.`
              : `The YAML does not parse: ${reason}. Fix the syntax${where}.`,
        };
      }),
    };
  }
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '', message: `The YAML cannot be read: ${(error as Error).message}.` }],
    };
  }
  const located = locatedProfileProblems(input, ctx);
  if (located.length === 0) return { ok: true, profile: canonicalProfile(clusterProfileSchema.parse(input)) };
  const problems: ProfileProblem[] = located.map((problem) => {
    const at = positionOf(doc, text, lineCounter, problem);
    return { path: formatPath(problem.segments), ...(at ?? {}), message: problem.message };
  });
  return {
    ok: false,
    problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
  };
}
