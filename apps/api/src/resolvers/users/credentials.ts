import { normalizeEmail } from '@transferlab/db/schema';
import { z } from 'zod';
import { badInput } from '../../errors';
import { characters, TEXT_LIMITS } from '../../text-limits';

export const MIN_PASSWORD_LENGTH = 10;
// scrypt hashes any length, but a cap keeps a request from asking for megabytes of hashing.
const MAX_PASSWORD_LENGTH = 1000;
const MAX_EMAIL_LENGTH = TEXT_LIMITS.email;
const MAX_USER_NAME_LENGTH = TEXT_LIMITS.userName;

const emailSchema = z.email();

/** The address as stored (trimmed, lower-case), or BAD_USER_INPUT when it is not an address. */
export function validEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (characters(normalized) > MAX_EMAIL_LENGTH) throw badInput(`The email address is longer than ${MAX_EMAIL_LENGTH} characters; use a shorter one.`);
  if (!emailSchema.safeParse(normalized).success) {
    throw badInput(`"${email.slice(0, MAX_EMAIL_LENGTH)}" is not a valid email address; use one like name@example.com.`);
  }
  return normalized;
}

export function validNewPassword(password: string): string {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw badInput(`The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one).`);
  if (length > MAX_PASSWORD_LENGTH) throw badInput(`The password is longer than ${MAX_PASSWORD_LENGTH} characters; use a shorter one.`);
  return password;
}

/** A display name: trimmed; empty means none. */
export function validUserName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  if (!trimmed) return null;
  if (characters(trimmed) > MAX_USER_NAME_LENGTH) throw badInput(`The name is longer than ${MAX_USER_NAME_LENGTH} characters; shorten it.`);
  return trimmed;
}
