/**
 * Photos from a phone's camera are 3–12 MB; staff upload them over shop Wi-Fi or 4G. They are
 * scaled down in the browser first (longest side 1600 px, JPEG 0.82: about 300 KB), which is
 * plenty to show a scratch on a bumper. Rejected: uploading the original and scaling on the
 * server (slow uploads, and the server would need an image library).
 */
export async function shrinkImage(file: File, maxSide = 1600, quality = 0.82): Promise<Blob> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return file;
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(file);
  } catch {
    return file; // a format the browser cannot decode (HEIC on desktop): send as it is
  }
  const scale = Math.min(1, maxSide / Math.max(bmp.width, bmp.height));
  const w = Math.round(bmp.width * scale);
  const h = Math.round(bmp.height * scale);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')?.drawImage(bmp, 0, 0, w, h);
  bmp.close();
  const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/jpeg', quality));
  return blob ?? file;
}
