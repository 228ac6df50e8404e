/** The two effectiveness reviews of a consultation (seed 000): steps 8–9 at one month, step 10 at 3–4 months. */
export type ReviewKind = 'month' | 'followup';
export type Applied = 'none' | 'partial' | 'full';
export type Solved = 'yes' | 'partial' | 'no';
export type Satisfaction = 'satisfied' | 'partly' | 'dissatisfied';
export type WindowState = 'not_open' | 'due' | 'late' | 'overdue' | 'done';

export const kindLabels: Record<ReviewKind, string> = { month: 'оценка за месяц', followup: 'через 3–4 месяца' };

/** The closed answers as the user writes and sees them (drop-downs, flags, prompts) → stored codes. */
export const effectiveAnswers: Record<string, boolean> = { да: true, нет: false };
export const appliedAnswers: Record<string, Applied> = { 'не применил': 'none', частично: 'partial', полностью: 'full' };
export const solvedAnswers: Record<string, Solved> = { да: 'yes', частично: 'partial', нет: 'no' };
export const satisfactionAnswers: Record<string, Satisfaction> = {
  удовлетворён: 'satisfied',
  'частично удовлетворён': 'partly',
  'не удовлетворён': 'dissatisfied',
};

export const appliedLabels = invert(appliedAnswers);
export const solvedLabels = invert(solvedAnswers);
export const satisfactionLabels = invert(satisfactionAnswers);

export const stateLabels: Record<WindowState, string> = {
  not_open: 'ещё не время',
  due: 'к сроку',
  late: 'после срока, допустимо',
  overdue: 'просрочена',
  done: 'проведена',
};

/**
 * Other words for да / нет, as `load feedback` reads them (macro okno_bool) — not its «1», «0», «+», «-»: in a
 * review a dash more likely means «nothing to say» than «нет».
 */
const yesNo: Record<string, string> = { yes: 'да', д: 'да', true: 'да', истина: 'да', no: 'нет', н: 'нет', false: 'нет', ложь: 'нет' };

/**
 * An answer typed by a person: case, ё/е, spaces and a trailing dot do not matter; да / нет in the other spellings
 * okno reads elsewhere (yes, д, true, истина, …); «удовлетворён» in any gender or number («удовлетворена», «не удовлетворены»).
 */
export function parseAnswer<T>(answers: Record<string, T>, value: string | null | undefined): T | undefined {
  if (value == null) return undefined;
  const typed = value.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').replace(/\.$/, '').trim().replace(/удовлетворен[аоы]$/, 'удовлетворен');
  const key = yesNo[typed] ?? typed;
  for (const [label, code] of Object.entries(answers)) {
    if (label.replace(/ё/g, 'е') === key) return code;
  }
  return undefined;
}

function invert<T extends string>(map: Record<string, T>): Record<T, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<T, string>;
}
