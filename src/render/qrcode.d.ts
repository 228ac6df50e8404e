// The part of qrcode 1.5 (no bundled types) that okno uses: the module matrix, drawn by render/qr.ts.
declare module 'qrcode' {
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): { modules: { size: number; data: Uint8Array } };
}
