/** The formats a note is written in (`--format`); all three by default. Apart from note-files.ts so the CLI's option needs nothing heavy. */
export const noteFormats = ['xlsx', 'docx', 'pdf'] as const;
export type NoteFormat = (typeof noteFormats)[number];

/** The files written, by format; null for a format not asked for. */
export type NoteFiles = Record<NoteFormat, string | null>;
