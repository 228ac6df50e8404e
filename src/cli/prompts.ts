import type { Prompts, SurveyPrompts } from './deps.js';

/** inquirer's key hints, in Russian. */
const keyActions: Record<string, string> = {
  navigate: 'выбор',
  select: 'отметить',
  submit: 'готово',
  all: 'все',
  invert: 'наоборот',
};
const russianKeys = {
  style: { keysHelpTip: (keys: [string, string][]) => keys.map(([k, action]) => `${k} ${keyActions[action] ?? action}`).join(' • ') },
};
/** In a single choice ⏎ confirms the highlighted answer. */
const selectKeys = {
  style: { keysHelpTip: (keys: [string, string][]) => keys.map(([k, action]) => `${k} ${action === 'select' ? 'подтвердить' : (keyActions[action] ?? action)}`).join(' • ') },
};

/** @inquirer/prompts, loaded when a command first needs to ask something. */
export async function inquirerPrompts(): Promise<Prompts> {
  const { select, input, checkbox } = await import('@inquirer/prompts');
  return {
    select: (o) => select({ ...o, theme: selectKeys }),
    input: (o) => input(o),
    checkbox: (o) => checkbox({ ...o, theme: russianKeys }),
  } as Prompts;
}

/** The survey's prompts (src/cli/survey-prompts.ts) beside @inquirer/prompts; `context` is for tests (streams). */
export async function surveyPrompts(context?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Promise<SurveyPrompts> {
  const [{ input }, { choosePrompt, chooseManyPrompt, textPrompt }] = await Promise.all([import('@inquirer/prompts'), import('./survey-prompts.js')]);
  const base = await inquirerPrompts();
  const inContext = <O extends { signal?: AbortSignal }>({ signal, ...config }: O) => [config as Omit<O, 'signal'>, { ...context, signal }] as const;
  return {
    ...base,
    input: (o) => input(o, context),
    choose: (o) => choosePrompt(...inContext(o)),
    chooseMany: (o) => chooseManyPrompt(...inContext(o)),
    text: (o) => textPrompt(...inContext(o)),
  } as SurveyPrompts;
}
