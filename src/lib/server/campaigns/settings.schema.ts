/** Request body of PUT /api/campaigns/:id/settings. Messages "english|français", as jsonBody() expects. */
import { z } from 'zod';

/** PUT /api/campaigns/:id/settings: the settings to change. */
export const settingsSchema = z.object({
	reviewUnassigned: z.boolean('reviewUnassigned must be true or false|reviewUnassigned doit valoir true ou false').optional(),
	requiredVerdicts: z
		.number('requiredVerdicts must be a number|requiredVerdicts doit être un nombre')
		.int('requiredVerdicts must be a whole number|requiredVerdicts doit être un nombre entier')
		.min(1, 'a tile needs at least 1 verdict|une tuile demande au moins 1 avis')
		.max(10, 'a tile needs at most 10 verdicts|une tuile demande au plus 10 avis')
		.optional()
});
