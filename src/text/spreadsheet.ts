/**
 * Text from users' data, as a cell of a CSV that people open in a spreadsheet. Excel, LibreOffice Calc and Google
 * Sheets read a cell that starts with «=», «+», «-» or «@» (or a tab or carriage return before one) as a formula:
 * a hostile or merely unlucky export cell such as `=1+1 bad id` or `=HYPERLINK(…)` would be evaluated when the
 * office manager opens the rejects file. Such a cell gets a leading apostrophe, the spreadsheets' «this is text»
 * mark (OWASP, «CSV Injection»); every other text is written as it is.
 */
export function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
