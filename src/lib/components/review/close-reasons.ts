/**
 * Why the server closed a tile's connection, in the user's language. The server's own close reason
 * is English text for logs and API clients ("access withdrawn"); the page shows a sentence chosen
 * from the close code instead (README, "Real-time review": close codes).
 */
import { CLOSE } from '../../collab/protocol.ts';
import type { MessageKey } from '../../i18n/fr.ts';

/**
 * The message explaining close `code`, or null for codes that need no explanation (a normal close,
 * a network failure). `validated`: the tile is validated now — a refusal is then because of that.
 */
export function closeReasonKey(code: number | null | undefined, context: { validated?: boolean } = {}): MessageKey | null {
	switch (code) {
		case CLOSE.invalid:
			return 'review.close.invalid';
		case CLOSE.sessionEnded:
			return 'review.close.sessionEnded';
		case CLOSE.forbidden:
			return context.validated ? 'review.close.validated' : 'review.close.forbidden';
		case CLOSE.gone:
			return 'review.close.gone';
		case CLOSE.tooLarge:
			return 'review.close.tooLarge';
		case CLOSE.tooFast:
			return 'review.close.tooFast';
		case CLOSE.storageFailed:
			return 'review.close.storageFailed';
		case CLOSE.tooSlow:
			return 'review.close.tooSlow';
		case CLOSE.goingAway:
			return 'review.close.goingAway';
		default:
			return null;
	}
}
