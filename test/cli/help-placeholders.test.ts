import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { makeProgram } from '../../src/cli/program.js';
import type { Deps } from '../../src/cli/deps.js';

/** Every command under `program`, itself included, with its full name. */
function commands(program: Command, prefix = ''): [string, Command][] {
  const name = `${prefix}${program.name()}`;
  return [[name, program], ...program.commands.flatMap((c) => commands(c, `${name} `))];
}

// Help texts use one language for placeholders (issue 18): the angle-bracket names of options and arguments are
// English, like <file>, <dir> and <YYYY-MM>; the descriptions around them are Russian.
describe('help placeholders', () => {
  it('are Latin in every option and argument of every command', () => {
    const found: string[] = [];
    for (const [name, cmd] of commands(makeProgram({ env: {} } as unknown as Deps))) {
      const flags = [
        ...cmd.options.map((o) => o.flags),
        ...cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)),
        cmd.usage(),
        // The help as printed: implicit entries too (`help [command]`).
        ...cmd.helpInformation().split('\n'),
      ];
      for (const flag of flags) {
        for (const placeholder of flag.match(/[<[][^>\]]*[>\]]/g) ?? []) {
          if (/[А-Яа-яЁё]/.test(placeholder)) found.push(`${name}: ${placeholder}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
