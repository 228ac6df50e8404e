/**
 * A JSON syntax error in Russian, by line and column: JSON.parse's own message is English («Unexpected token } in
 * JSON at position 42») and must not reach users. Node 20 gives the position in its message; without one, only
 * «ошибка синтаксиса» is said.
 */
export function jsonSyntaxProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  if (/Unexpected end of JSON input/i.test(message) || position === undefined && /end of/i.test(message)) {
    return 'файл обрывается раньше, чем закрыты все скобки';
  }
  if (position === undefined) return 'ошибка синтаксиса';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `ошибка синтаксиса в строке ${line}, столбце ${column}`;
}
