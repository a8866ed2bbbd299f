import { normalizeEmail } from '@transferlab/db/schema';
import { z } from 'zod';
import { badInput } from '../../errors';
import { characters, TEXT_LIMITS } from '../../text-limits';

export const MIN_PASSWORD_LENGTH = 10;
// scrypt hashes any length, but a cap keeps a request from asking for megabytes of hashing.
export const MAX_PASSWORD_LENGTH = 1000;
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

/** Refuses a password over MAX_PASSWORD_LENGTH characters, before anything hashes it. */
export function boundedPassword(password: string): string {
  // A UTF-16 length over twice the cap is over it in characters too, without splitting a huge string.
  if (password.length > 2 * MAX_PASSWORD_LENGTH || [...password].length > MAX_PASSWORD_LENGTH) {
    throw badInput(`The password is longer than ${MAX_PASSWORD_LENGTH} characters (the limit); use a shorter one.`, { limit: MAX_PASSWORD_LENGTH });
  }
  return password;
}

export function validNewPassword(password: string): string {
  boundedPassword(password);
  if ([...password].length < MIN_PASSWORD_LENGTH) throw badInput(`The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one).`);
  return password;
}

/** The address as stored, for signing in: no account has one longer than an address can be. */
export function boundedEmail(email: string): string {
  const normalized = email.length > 2 * MAX_EMAIL_LENGTH ? email : normalizeEmail(email);
  if (normalized.length > MAX_EMAIL_LENGTH) throw badInput(`The email is longer than ${MAX_EMAIL_LENGTH} characters (the limit for an address); check it.`, { limit: MAX_EMAIL_LENGTH });
  return normalized;
}

/** A display name: trimmed; empty means none. */
export function validUserName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  if (!trimmed) return null;
  if (characters(trimmed) > MAX_USER_NAME_LENGTH) throw badInput(`The name is longer than ${MAX_USER_NAME_LENGTH} characters; shorten it.`);
  return trimmed;
}
