import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { InputError } from '../errors.ts';

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommended minimum),
 * about 50 ms here. @node-rs/argon2 ships prebuilt binaries, so `npm ci` needs no compiler.
 */
export function hashPassword(password: string): Promise<string> {
	return hash(password);
}

// A real hash of a random string: verifying against it when the e-mail is unknown takes as long as a
// real check, so response time does not tell which e-mails have accounts.
let dummy: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
	if (!storedHash) {
		dummy ??= hash(crypto.randomUUID());
		await verify(await dummy, password).catch(() => false);
		return false;
	}
	try {
		return await verify(storedHash, password);
	} catch {
		return false;
	}
}

/** NIST SP 800-63B: at least 8 characters, no composition rules; a generous maximum against abuse. */
export const PASSWORD_MIN = 8;
export const passwordSchema = z
	.string({ error: 'password_required' })
	.min(PASSWORD_MIN, { error: 'password_too_short' })
	.max(256, { error: 'password_too_long' });

export const PASSWORD_MESSAGES = {
	password_required: { en: 'A password is required.', fr: 'Un mot de passe est obligatoire.' },
	password_too_short: {
		en: `The password must have at least ${PASSWORD_MIN} characters.`,
		fr: `Le mot de passe doit comporter au moins ${PASSWORD_MIN} caractères.`
	},
	password_too_long: { en: 'The password must have at most 256 characters.', fr: 'Le mot de passe doit comporter au plus 256 caractères.' }
} as const;

/** The password rule as a user-readable error. */
export function checkPassword(password: unknown): string {
	const r = passwordSchema.safeParse(password);
	if (r.success) return r.data;
	const code = (r.error.issues[0]?.message ?? 'password_required') as keyof typeof PASSWORD_MESSAGES;
	throw new InputError(code, PASSWORD_MESSAGES[code] ?? PASSWORD_MESSAGES.password_required);
}
