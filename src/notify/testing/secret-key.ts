import { randomBytes } from 'node:crypto';
import { secretBox, useSecretBox, type SecretBox } from '../secret-box.ts';

/**
 * Gives this test process its own random secret key, so tests never create or read a key file
 * in the working directory's data folder. Returns the box (to look at what is stored).
 */
export function useTestSecretKey(): SecretBox {
  const box = secretBox(randomBytes(32));
  useSecretBox(box);
  return box;
}
