// The pages of `okno survey serve`: plain server-rendered HTML forms that work without JavaScript and without the
// internet (the style sheet and the one small script are served by okno itself). Every text from the survey is
// escaped; no page carries inline script or style, so the Content-Security-Policy can forbid both.
import type { Question } from '../surveys/model.js';
import { escapeHtml as e } from '../text/html.js';
import { countOf, nouns } from '../text/russian.js';

export interface PageSurvey {
  title: string;
  departments: string[];
  minGroup: number;
}

/** One question as a page shows it: the answer so far ('' / [] when none). */
export interface QuestionView {
  question: Question;
  /** 1-based, among the questions asked given the answers so far. */
  number: number;
  total: number;
  answer: string[];
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${e(title)}</title><link rel="stylesheet" href="/okno.css">
<script src="/okno.js" defer></script></head>
<body><main>
${body}
</main></body></html>
`;
}

const hidden = (token: string) => `<input type="hidden" name="token" value="${e(token)}">`;
const problem = (text: string | undefined, id = 'problem') => (text ? `<p class="problem" id="${id}" role="alert">${e(text)}</p>` : '');

function header(survey: PageSurvey): string {
  return `<h1>${e(survey.title)}</h1>`;
}

function anonymityNote(survey: PageSurvey): string {
  return (
    `<p class="note">Опрос анонимный: ответы хранятся без имени, без кода и без времени, а попадают в базу только вместе с ответами ` +
    `других сотрудников. Итоги видны лишь по группам от ${e(countOf(survey.minGroup, nouns.personGen))}. Этот сайт не ведёт журнала посещений и не ставит cookie.</p>`
  );
}

/** The first page: the code from the slip and the department. */
export function startPage(survey: PageSurvey, token: string, state: { problem?: string; department?: string } = {}): string {
  const options = survey.departments
    .map((d) => `<option value="${e(d)}"${d === state.department ? ' selected' : ''}>${e(d)}</option>`)
    .join('');
  const described = state.problem ? ' aria-describedby="problem" aria-invalid="true"' : '';
  return page(
    survey.title,
    `${header(survey)}
${anonymityNote(survey)}
${problem(state.problem)}
<form method="post" action="/start">
${hidden(token)}
<p><label for="code">Код с листочка</label>
<input id="code" name="code" inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="20" required placeholder="12345-67890"${described}></p>
<p><label for="department">Ваш отдел</label>
<select id="department" name="department" required><option value="">— выберите —</option>${options}</select></p>
<p class="buttons"><button type="submit">Начать</button></p>
</form>`,
  );
}

/** The department again, from the review. */
export function departmentPage(survey: PageSurvey, token: string, current: string, state: { problem?: string; reviewed: boolean }): string {
  const options = survey.departments
    .map((d, i) => `<p class="choice"><input type="radio" id="d${i}" name="department" value="${e(d)}"${d === current ? ' checked' : ''} required><label for="d${i}">${e(d)}</label></p>`)
    .join('\n');
  return page(
    survey.title,
    `${header(survey)}
${problem(state.problem)}
<form method="post" action="/department">
${hidden(token)}
<fieldset><legend>Ваш отдел</legend>
${options}
</fieldset>
<p class="buttons"><button type="submit">${state.reviewed ? 'К проверке ответов' : 'Далее'}</button></p>
</form>`,
  );
}

function choices(view: QuestionView, described: string): string {
  const q = view.question;
  const type = q.kind === 'multiple' ? 'checkbox' : 'radio';
  const values: { value: string; label: string }[] =
    q.kind === 'scale'
      ? ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v === '1' && q.labels ? `1 — ${q.labels.low}` : v === '5' && q.labels ? `5 — ${q.labels.high}` : v }))
      : q.options!.map((o) => ({ value: o, label: o }));
  const items = values
    .map(
      (v, i) =>
        `<p class="choice"><input type="${type}" id="a${i}" name="answer" value="${e(v.value)}"${view.answer.includes(v.value) ? ' checked' : ''}${described}>` +
        `<label for="a${i}">${e(v.label)}</label></p>`,
    )
    .join('\n');
  const hint = q.kind === 'multiple' ? '<p class="hint">Можно отметить несколько вариантов.</p>' : q.kind === 'scale' ? '<p class="hint">1 — худшая оценка, 5 — лучшая.</p>' : '';
  return `<fieldset><legend>${e(q.text)}</legend>
${hint}
${items}
</fieldset>`;
}

/** One question per page, with the progress line and the way back. */
export function questionPage(survey: PageSurvey, token: string, view: QuestionView, state: { problem?: string; limit: number }): string {
  const q = view.question;
  const described = state.problem ? ' aria-describedby="problem"' : '';
  const field =
    q.kind === 'text'
      ? `<p><label for="answer">${e(q.text)}</label>
<textarea id="answer" name="answer" rows="6" maxlength="${state.limit}"${described}>${e(view.answer[0] ?? '')}</textarea></p>
<p class="hint">Не длиннее ${state.limit} знаков. Не пишите того, по чему вас можно узнать.</p>`
      : choices(view, described);
  const optional = q.required ? '' : '<p class="hint">Этот вопрос можно пропустить.</p>';
  return page(
    survey.title,
    `${header(survey)}
<p class="progress">Вопрос ${view.number} из ${view.total}</p>
${problem(state.problem)}
<form method="post" action="/step">
${hidden(token)}
<input type="hidden" name="question" value="${e(q.id)}">
${field}
${optional}
<p class="buttons"><button type="submit" name="go" value="next">Далее</button> <button type="submit" name="go" value="back" class="secondary">Назад</button></p>
</form>`,
  );
}

export interface ReviewItem {
  question: Question;
  number: number;
  answer: string[];
}

/** Every answer before sending, each with a way back to it. */
export function reviewPage(survey: PageSurvey, token: string, department: string, items: ReviewItem[], state: { problem?: string } = {}): string {
  const edit = (target: string, label: string) =>
    `<form method="post" action="/edit" class="inline">${hidden(token)}<input type="hidden" name="question" value="${e(target)}">` +
    `<button type="submit" class="secondary" aria-label="${e(label)}">Изменить</button></form>`;
  const rows = items
    .map((item) => {
      const shown = item.answer.length === 0 ? '<span class="none">нет ответа</span>' : item.answer.map((a) => `<span class="answer">${e(a)}</span>`).join('<br>');
      return `<li><p class="q">${item.number}. ${e(item.question.text)}</p><p>${shown}</p>${edit(item.question.id, `Изменить ответ на вопрос ${item.number}`)}</li>`;
    })
    .join('\n');
  return page(
    survey.title,
    `${header(survey)}
<h2>Проверьте ответы</h2>
${problem(state.problem)}
<ul class="review">
<li><p class="q">Отдел</p><p><span class="answer">${e(department)}</span></p>${edit('', 'Изменить отдел')}</li>
${rows}
</ul>
<form method="post" action="/submit">
${hidden(token)}
<p class="buttons"><button type="submit">Отправить ответы</button></p>
</form>`,
  );
}

export function thanksPage(survey: PageSurvey): string {
  return page(
    survey.title,
    `${header(survey)}
<h2 role="status">Спасибо! Ответ принят.</h2>
<p>Он попадёт в базу вместе с ответами других сотрудников, в случайном порядке, пачкой не меньше чем от ${e(countOf(survey.minGroup, nouns.personGen))} (последняя пачка, когда опрос останавливают, может быть меньше). В итогах ответы видны только по группам не меньше чем из ${e(countOf(survey.minGroup, nouns.personGen))}: по ним нельзя узнать, что ответили именно вы.</p>
<p>Эту страницу можно закрыть.</p>`,
  );
}

/** A page with one message: the survey closed, too many wrong codes, a form that expired, a page that does not exist. */
export function messagePage(title: string, heading: string, text: string, again?: boolean): string {
  return page(
    title,
    `<h1>${e(heading)}</h1>
<p>${e(text)}</p>${again ? '\n<p><a href="/">Начать сначала</a></p>' : ''}`,
  );
}

/**
 * The style sheet, served as /okno.css. Dark text on white, large targets, a visible focus ring. An option's label
 * fills its box, so a tap anywhere in the box chooses it, and a long option wraps beside its box, not under it.
 */
export const formCss = `*{box-sizing:border-box}
html{font-family:"PT Sans",Arial,sans-serif;font-size:112.5%;line-height:1.45;color:#1F2933;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem}
label{display:block;font-weight:bold;margin-bottom:.3rem}
.choice{display:flex;align-items:center;min-height:2.75rem;margin:.2rem 0;padding:0 0 0 .5rem;border:1px solid #CBD2D9;border-radius:.3rem}
.choice input{flex:none;width:1.3rem;height:1.3rem;margin:0}
.choice label{flex:1;font-weight:normal;margin:0;padding:.45rem .5rem .45rem .6rem;cursor:pointer}
fieldset{border:0;padding:0;margin:0 0 1rem}
legend{font-weight:bold;font-size:1.1rem;margin-bottom:.5rem;padding:0}
input:not([type]),select,textarea{width:100%;font:inherit;padding:.55rem;border:2px solid #52606D;border-radius:.3rem;color:#1F2933;background:#fff}
textarea{min-height:9rem;resize:vertical}
button{font:inherit;font-weight:bold;padding:.6rem 1.3rem;border:2px solid #0B4F8A;border-radius:.3rem;background:#0B4F8A;color:#fff;cursor:pointer;min-height:2.75rem}
button.secondary{background:#fff;color:#0B4F8A}
:focus-visible{outline:3px solid #B54708;outline-offset:2px}
.buttons{margin-top:1.5rem}
.progress{color:#3E4C59;font-weight:bold}
.hint,.note{color:#3E4C59;font-size:.95rem}
.problem{border-left:4px solid #B42318;padding:.5rem .8rem;background:#FEF3F2;color:#7A271A}
.review{list-style:none;padding:0}
.review li{border-bottom:1px solid #CBD2D9;padding:.5rem 0}
.review .q{font-weight:bold;margin:.2rem 0}
.answer{white-space:pre-wrap}
.none{color:#3E4C59;font-style:italic}
form.inline{margin:.2rem 0}
form.inline button{padding:.3rem .9rem;min-height:2.75rem;font-size:.9rem}
a{color:#0B4F8A}
`;

/**
 * The script, served as /okno.js: a slip's QR code opens the page with the code in the address's fragment
 * (#code=…), which browsers never send to a server; this fills the field from it and removes it from the address
 * bar and history. The pages work without it.
 */
export const formJs = `(function () {
  var m = /^#code=([0-9 -]{10,20})$/.exec(location.hash);
  if (!m) return;
  history.replaceState(null, '', location.pathname);
  var field = document.getElementById('code');
  if (field) { field.value = m[1]; var d = document.getElementById('department'); if (d) d.focus(); }
})();
`;
