import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The family the note's documents are set in; its TrueType files ship with okno (@expo-google-fonts/pt-sans, OFL). */
export const documentFont = 'PT Sans';

export interface FontFaces {
  regular: Buffer;
  bold: Buffer;
}

let faces: FontFaces | undefined;

/**
 * PT Sans regular and bold, whole (Cyrillic and Latin in one file, unlike the web subsets the charts use): embedded
 * in the DOCX so every office shows the note in it, and subset into the PDF.
 */
export function documentFontFaces(): FontFaces {
  if (faces) return faces;
  const require = createRequire(import.meta.url);
  const file = (face: string) => readFileSync(require.resolve(`@expo-google-fonts/pt-sans/${face}/PTSans_${face}.ttf`));
  faces = { regular: file('400Regular'), bold: file('700Bold') };
  return faces;
}
