/**
 * How many checkpoints, and how well spread: the advice of the standards the report quotes, as pure
 * checks on the points' positions. Pure functions, metres in a projected CRS.
 *
 * - NSSDA (FGDC-STD-007.3-1998, Part 3, chapter 3, as published at fgdc.gov): « A minimum of 20 check
 *   points shall be tested, distributed to reflect the geographic area of interest and the distribution
 *   of error in the dataset. » and, for the spread: « For a dataset covering a rectangular area that is
 *   believed to have uniform positional accuracy, check points may be distributed so that points are
 *   spaced at intervals of at least 10 percent of the diagonal distance across the dataset and at least
 *   20 percent of the points are located in each quadrant of the dataset. » « If fewer than twenty
 *   points can be identified for testing, use an alternative means to evaluate the accuracy of the
 *   dataset. »
 * - ASPRS Positional Accuracy Standards, Edition 2 (2023): at least 30 checkpoints for a product
 *   accuracy assessment (see positional.ts).
 * - Decree of 16 September 2003: with fewer than 5 points no deviation above T1 is tolerated
 *   (« Lorsque N < 5, aucun écart supérieur à T1 n'est admis », see positional.ts).
 *
 * Our reading of the NSSDA spread rule, where the text leaves a choice: the dataset's extent is the
 * bounding rectangle of the campaign's tiles; its quadrants are cut at the rectangle's centre (a point on
 * a cutting line counts to the east / north); « spaced at intervals of at least 10 percent of the
 * diagonal » is read as every point's nearest neighbour being at least that far.
 */
import { ASPRS_MIN_CHECKPOINTS, NSSDA_MIN_CHECKPOINTS } from './positional.ts';

/** A text in both UI languages. */
export interface Localized {
	en: string;
	fr: string;
}

/** [minX, minY, maxX, maxY] in the projected CRS, metres. */
export type Extent = readonly [number, number, number, number];

export interface QuadrantCounts {
	northEast: number;
	northWest: number;
	southWest: number;
	southEast: number;
}

export interface CheckpointSpread {
	n: number;
	/** Length of the extent's diagonal, metres. */
	diagonal: number;
	quadrants: QuadrantCounts;
	/** Smallest share of the points in one quadrant (0 when n = 0). */
	smallestQuadrantShare: number;
	/** Every quadrant holds at least 20 % of the points (false with no point). */
	quadrantRuleMet: boolean;
	/** 10 % of the diagonal, metres. */
	spacingThreshold: number;
	/** Smallest distance between two points, metres (null with fewer than 2). */
	smallestSpacing: number | null;
	/** Points whose nearest neighbour is closer than the threshold. */
	crowdedPoints: number;
	/** No point has a neighbour closer than 10 % of the diagonal (false with fewer than 2 points). */
	spacingRuleMet: boolean;
	/** n ≥ 20 (NSSDA). */
	enoughForNssda: boolean;
	/** n ≥ 30 (ASPRS Edition 2). */
	enoughForAsprs: boolean;
}

/** NSSDA's spread rule's two figures. */
export const QUADRANT_MIN_SHARE = 0.2;
export const SPACING_DIAGONAL_SHARE = 0.1;

/**
 * Where `points` stand against the standards' advice on number and spread.
 * @param extent the area tested (the campaign's tiles), in the points' CRS.
 */
export function checkpointSpread(points: readonly { x: number; y: number }[], extent: Extent): CheckpointSpread {
	const [minX, minY, maxX, maxY] = extent;
	const cx = (minX + maxX) / 2;
	const cy = (minY + maxY) / 2;
	const quadrants: QuadrantCounts = { northEast: 0, northWest: 0, southWest: 0, southEast: 0 };
	for (const p of points) {
		const east = p.x >= cx;
		const north = p.y >= cy;
		if (north) quadrants[east ? 'northEast' : 'northWest']++;
		else quadrants[east ? 'southEast' : 'southWest']++;
	}
	const n = points.length;
	const smallest = Math.min(quadrants.northEast, quadrants.northWest, quadrants.southWest, quadrants.southEast);
	const smallestQuadrantShare = n === 0 ? 0 : smallest / n;
	const diagonal = Math.hypot(maxX - minX, maxY - minY);
	const spacingThreshold = SPACING_DIAGONAL_SHARE * diagonal;
	// n² is fine: a campaign has tens or hundreds of checkpoints, never millions.
	let smallestSpacing: number | null = null;
	let crowdedPoints = 0;
	for (let i = 0; i < n; i++) {
		let nearest = Infinity;
		for (let j = 0; j < n; j++) {
			if (i !== j) nearest = Math.min(nearest, Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y));
		}
		if (nearest < spacingThreshold) crowdedPoints++;
		if (n > 1 && (smallestSpacing === null || nearest < smallestSpacing)) smallestSpacing = nearest;
	}
	return {
		n,
		diagonal,
		quadrants,
		smallestQuadrantShare,
		// A tiny slack: 2 points of 10 are 20 %, whatever 2 / 10 rounds to.
		quadrantRuleMet: n > 0 && smallestQuadrantShare >= QUADRANT_MIN_SHARE - 1e-12,
		spacingThreshold,
		smallestSpacing,
		crowdedPoints,
		spacingRuleMet: n > 1 && crowdedPoints === 0,
		enoughForNssda: n >= NSSDA_MIN_CHECKPOINTS,
		enoughForAsprs: n >= ASPRS_MIN_CHECKPOINTS
	};
}

const fmt = (v: number, locale: 'en' | 'fr', digits = 0) =>
	new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(v);

/** The standards' advice for this spread, one sentence each, most important first. */
export function spreadAdvice(s: CheckpointSpread): Localized[] {
	const out: Localized[] = [];
	if (!s.enoughForNssda) {
		out.push({
			en: `${s.n} checkpoint${s.n === 1 ? '' : 's'}: NSSDA (FGDC-STD-007.3-1998) asks for at least ${NSSDA_MIN_CHECKPOINTS}, and for another means of evaluation when fewer can be found; ASPRS Edition 2 asks for ${ASPRS_MIN_CHECKPOINTS}.`,
			fr: `${s.n} point${s.n > 1 ? 's' : ''} de contrôle : la NSSDA (FGDC-STD-007.3-1998) en demande au moins ${NSSDA_MIN_CHECKPOINTS}, et un autre moyen d’évaluation quand on ne peut en trouver autant ; l’ASPRS (édition 2) en demande ${ASPRS_MIN_CHECKPOINTS}.`
		});
	} else if (!s.enoughForAsprs) {
		out.push({
			en: `${s.n} checkpoints: enough for NSSDA (${NSSDA_MIN_CHECKPOINTS}); ASPRS Edition 2 asks for ${ASPRS_MIN_CHECKPOINTS} for a product accuracy assessment.`,
			fr: `${s.n} points de contrôle : suffisant pour la NSSDA (${NSSDA_MIN_CHECKPOINTS}) ; l’ASPRS (édition 2) en demande ${ASPRS_MIN_CHECKPOINTS} pour évaluer un produit.`
		});
	} else {
		out.push({
			en: `${s.n} checkpoints: enough for NSSDA (${NSSDA_MIN_CHECKPOINTS}) and ASPRS Edition 2 (${ASPRS_MIN_CHECKPOINTS}).`,
			fr: `${s.n} points de contrôle : suffisant pour la NSSDA (${NSSDA_MIN_CHECKPOINTS}) et l’ASPRS édition 2 (${ASPRS_MIN_CHECKPOINTS}).`
		});
	}
	if (s.n > 0 && s.n < 5) {
		out.push({
			en: 'With fewer than 5 points, the decree of 16 September 2003 tolerates no deviation above its first threshold T1.',
			fr: 'Avec moins de 5 points, l’arrêté du 16 septembre 2003 n’admet aucun écart supérieur à son premier seuil T1.'
		});
	}
	if (s.n > 0) {
		const q = s.quadrants;
		const counts = `${q.northWest} / ${q.northEast} / ${q.southWest} / ${q.southEast}`;
		out.push(
			s.quadrantRuleMet
				? {
						en: `Each quadrant of the area holds at least 20 % of the points (NW / NE / SW / SE: ${counts}), as NSSDA advises.`,
						fr: `Chaque quart de la zone contient au moins 20 % des points (NO / NE / SO / SE : ${counts}), comme le conseille la NSSDA.`
					}
				: {
						en: `NSSDA advises at least 20 % of the points in each quadrant of the area; here NW / NE / SW / SE: ${counts} (smallest share ${fmt(s.smallestQuadrantShare * 100, 'en')} %).`,
						fr: `La NSSDA conseille au moins 20 % des points dans chaque quart de la zone ; ici NO / NE / SO / SE : ${counts} (plus petite part ${fmt(s.smallestQuadrantShare * 100, 'fr')} %).`
					}
		);
	}
	if (s.n > 1) {
		const m = fmt(s.spacingThreshold, 'en');
		const mFr = fmt(s.spacingThreshold, 'fr');
		out.push(
			s.spacingRuleMet
				? {
						en: `Every point is at least ${m} m (10 % of the area's diagonal) from the others, as NSSDA advises.`,
						fr: `Chaque point est à au moins ${mFr} m (10 % de la diagonale de la zone) des autres, comme le conseille la NSSDA.`
					}
				: {
						en: `NSSDA advises points at least ${m} m apart (10 % of the area's diagonal); ${s.crowdedPoints} point${s.crowdedPoints === 1 ? ' has' : 's have'} a closer neighbour.`,
						fr: `La NSSDA conseille des points distants d’au moins ${mFr} m (10 % de la diagonale de la zone) ; ${s.crowdedPoints} point${s.crowdedPoints > 1 ? 's ont' : ' a'} un voisin plus proche.`
					}
		);
	}
	return out;
}
