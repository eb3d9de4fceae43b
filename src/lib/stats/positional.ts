/**
 * Positional accuracy of an orthophoto measured on checkpoints: residuals, their statistics and the
 * three standards the acceptance report quotes (the French decree of 16 September 2003, NSSDA, ASPRS
 * Edition 2). Pure functions, no I/O. Units: metres in, metres out, except the class values, which the
 * standards themselves name in centimetres.
 *
 * Sign and direction conventions (used everywhere below):
 * - a residual is map − reference: dx = x_map − x_ref, dy = y_map − y_ref, in the projected CRS (x east,
 *   y north). A positive dx means the orthophoto shows the point east of where it really is.
 * - the direction (azimuth) of a residual is the bearing of that vector, in degrees clockwise from grid
 *   north (the +y axis of the projected CRS, not true north), in [0, 360): 0 = the image is shifted
 *   north, 90 = east, 180 = south, 270 = west. A zero residual has no direction (null).
 */

/** A checkpoint measured twice: where the survey (or a more precise reference) puts it, and where the orthophoto shows it. */
export interface Checkpoint {
	id: string;
	xRef: number;
	yRef: number;
	xMap: number;
	yMap: number;
}

/** A 2-D offset vector (a checkpoint residual or a seamline offset), metres. */
export interface Offset {
	id: string;
	dx: number;
	dy: number;
	/** √(dx² + dy²): the « écart en position » of the decree, the radial error of NSSDA/ASPRS. */
	distance: number;
	/** Degrees clockwise from grid north, [0, 360); null for a zero vector. */
	azimuthDeg: number | null;
}

/** Bearing of (dx, dy), degrees clockwise from grid north in [0, 360), or null for a zero vector. */
export function azimuthDeg(dx: number, dy: number): number | null {
	if (dx === 0 && dy === 0) return null;
	// atan2(east, north) measures from north towards east, i.e. clockwise on a map.
	const deg = (Math.atan2(dx, dy) * 180) / Math.PI;
	// -0 and 360 both mean north.
	return deg < 0 ? deg + 360 : deg === 0 ? 0 : deg;
}

function offsetOf(id: string, dx: number, dy: number): Offset {
	return { id, dx, dy, distance: Math.hypot(dx, dy), azimuthDeg: azimuthDeg(dx, dy) };
}

/** Residual of one checkpoint: map − reference. */
export function residual(p: Checkpoint): Offset {
	return offsetOf(p.id, p.xMap - p.xRef, p.yMap - p.yRef);
}

/** Residuals of checkpoints, in input order. */
export function residuals(points: readonly Checkpoint[]): Offset[] {
	return points.map(residual);
}

/** Two clicks on the same feature, one on each side of a tile or mosaic seam. */
export interface SeamMeasure {
	id: string;
	/** The click on the first side (e.g. the tile the reviewer started from). */
	a: { x: number; y: number };
	/** The click on the other side. */
	b: { x: number; y: number };
}

/**
 * Offset across a seam: b − a. Unlike a checkpoint residual there is no reference side: the vector only
 * says how far apart the two images put the same feature; its sign depends on which side was clicked
 * first, so the statistics that matter for seams are those of the length (mean, RMSE, maximum).
 */
export function seamOffset(m: SeamMeasure): Offset {
	return offsetOf(m.id, m.b.x - m.a.x, m.b.y - m.a.y);
}

/** Seam offsets, in input order; summarise them with {@link offsetStats}. */
export function seamOffsets(measures: readonly SeamMeasure[]): Offset[] {
	return measures.map(seamOffset);
}

/** Statistics of a set of offset vectors that need no standard. Metres. */
export interface OffsetStats {
	n: number;
	/** Mean per axis: the systematic shift (bias). */
	meanDx: number;
	meanDy: number;
	/** Root mean square per axis, about zero (not about the mean): RMSE_x, RMSE_y of NSSDA/ASPRS. */
	rmseX: number;
	rmseY: number;
	/** √(RMSE_x² + RMSE_y²): RMSE_r of NSSDA, RMSE_H of ASPRS Edition 2. */
	rmseR: number;
	/** Mean of the distances: the decree's « écart moyen en position » E_moy. */
	meanR: number;
	maxR: number;
	/** Id of the offset with the largest distance (the first one on ties). */
	maxId: string;
	/** Sample standard deviations per axis (n − 1 in the denominator), null when n = 1. */
	sdX: number | null;
	sdY: number | null;
}

function sampleSd(values: readonly number[], mean: number): number | null {
	if (values.length < 2) return null;
	let ss = 0;
	for (const v of values) ss += (v - mean) ** 2;
	return Math.sqrt(ss / (values.length - 1));
}

/**
 * Bias, RMSE, mean and maximum distance of offset vectors (checkpoint residuals or seam offsets).
 * @throws RangeError when `offsets` is empty: a statistic of nothing would be a made-up number.
 */
export function offsetStats(offsets: readonly Offset[]): OffsetStats {
	const n = offsets.length;
	if (n === 0) throw new RangeError('No offsets to summarise.');
	let sx = 0, sy = 0, sxx = 0, syy = 0, sr = 0;
	let maxR = -1;
	let maxId = '';
	for (const o of offsets) {
		sx += o.dx;
		sy += o.dy;
		sxx += o.dx * o.dx;
		syy += o.dy * o.dy;
		sr += o.distance;
		if (o.distance > maxR) {
			maxR = o.distance;
			maxId = o.id;
		}
	}
	const meanDx = sx / n;
	const meanDy = sy / n;
	const xs = offsets.map((o) => o.dx);
	const ys = offsets.map((o) => o.dy);
	const rmseX = Math.sqrt(sxx / n);
	const rmseY = Math.sqrt(syy / n);
	return {
		n,
		meanDx,
		meanDy,
		rmseX,
		rmseY,
		rmseR: Math.hypot(rmseX, rmseY),
		meanR: sr / n,
		maxR,
		maxId,
		sdX: sampleSd(xs, meanDx),
		sdY: sampleSd(ys, meanDy)
	};
}

// ---------------------------------------------------------------------------------------------------
// NSSDA — FGDC-STD-007.3-1998, Geospatial Positioning Accuracy Standards Part 3: National Standard for
// Spatial Data Accuracy, Appendix 3-A (normative), « Accuracy statistics ».
//
// Case 1, RMSE_x = RMSE_y: Accuracy_r = 2.4477 × RMSE_x = 1.7308 × RMSE_r (95 % confidence, errors
//   normal, independent in x and y, systematic errors removed; 2.4477 = √(−2 ln 0.05), Greenwalt and
//   Schultz 1968).
// Case 2, RMSE_x ≠ RMSE_y with 0.6 ≤ RMSE_min/RMSE_max ≤ 1.0: the circular standard error may be
//   approximated by 0.5 × (RMSE_x + RMSE_y), hence Accuracy_r ≈ 2.4477 × 0.5 × (RMSE_x + RMSE_y).
// Below a ratio of 0.6 the standard gives no formula; it only names its source for elliptical errors,
//   Greenwalt and Schultz (1968), where the 95 % circular error of an elliptical normal distribution is
//   the radius r with P(X² + Y² ≤ r²) = 0.95 for X ~ N(0, RMSE_x²), Y ~ N(0, RMSE_y²). That is what we
//   compute there, by numerical integration, and we say so (`method: 'elliptical'`). The same definition
//   gives 2.4477 σ for a circular distribution and 1.96 σ when one axis has no error, so the three cases
//   agree where they meet.
// The standard also asks for at least 20 checkpoints (section 3.2.2); see `nssdaEnoughCheckpoints`.
// ---------------------------------------------------------------------------------------------------

/** Minimum number of checkpoints NSSDA asks for (FGDC-STD-007.3-1998, 3.2.2). */
export const NSSDA_MIN_CHECKPOINTS = 20;

export interface Nssda95 {
	/** Horizontal accuracy at the 95 % confidence level, metres. */
	value: number;
	/** Which formula gave it: NSSDA case 1, case 2, or the elliptical computation below the 0.6 ratio. */
	method: 'circular' | 'approximate' | 'elliptical';
}

/** Probability that an elliptical normal error (σx = a, σy = b, both > 0) falls within radius r. */
function ellipticalProbability(r: number, a: number, b: number, steps: number): number {
	// P(r) = 1/(2π a b) ∫₀^{2π} (1 − exp(−r² k(θ))) / (2 k(θ)) dθ, k(θ) = cos²θ/(2a²) + sin²θ/(2b²)
	// (the radial integral done in closed form). The integrand is smooth, periodic and symmetric in
	// each quadrant, so the midpoint rule over one quadrant converges very fast.
	const h = Math.PI / 2 / steps;
	let sum = 0;
	for (let i = 0; i < steps; i++) {
		const t = (i + 0.5) * h;
		const c = Math.cos(t);
		const s = Math.sin(t);
		const k = (c * c) / (2 * a * a) + (s * s) / (2 * b * b);
		sum += -Math.expm1(-r * r * k) / (2 * k);
	}
	return (4 * sum * h) / (2 * Math.PI * a * b);
}

/** Two-sided 95 % quantile of the standard normal distribution. */
const Z95 = 1.959963984540054;

/**
 * Radius holding 95 % of an elliptical normal error with standard deviations `sx`, `sy` (zero mean,
 * uncorrelated axes): Greenwalt and Schultz's circular error for elliptical distributions.
 */
export function ellipticalCircularError95(sx: number, sy: number): number {
	const a = Math.max(Math.abs(sx), Math.abs(sy));
	const b = Math.min(Math.abs(sx), Math.abs(sy));
	if (a === 0) return 0;
	// A (nearly) one-dimensional error: the quadrature would need ever more steps for a needle-thin
	// ellipse, and the radius is 1.96 a to better than 1e-6 relative below this ratio anyway.
	if (b / a < 1e-4) return Z95 * a;
	const steps = Math.min(200_000, Math.max(2048, Math.ceil(64 / (b / a))));
	// The radius lies between the one-dimensional case (1.96 a) and the circular one (2.4477 a).
	let lo = Z95 * a * 0.999;
	let hi = Math.sqrt(-2 * Math.log(0.05)) * a * 1.001;
	for (let i = 0; i < 80; i++) {
		const mid = (lo + hi) / 2;
		if (ellipticalProbability(mid, a, b, steps) < 0.95) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/** NSSDA horizontal accuracy at 95 % from the per-axis RMSE (see the block comment above for the rule). */
export function nssdaHorizontal95(rmseX: number, rmseY: number): Nssda95 {
	const max = Math.max(rmseX, rmseY);
	const min = Math.min(rmseX, rmseY);
	if (max === 0 || min === max) return { value: 1.7308 * Math.hypot(rmseX, rmseY), method: 'circular' };
	if (min / max >= 0.6) return { value: 2.4477 * 0.5 * (rmseX + rmseY), method: 'approximate' };
	return { value: ellipticalCircularError95(rmseX, rmseY), method: 'elliptical' };
}

// ---------------------------------------------------------------------------------------------------
// ASPRS Positional Accuracy Standards for Digital Geospatial Data, Edition 2, Version 1.0 (adopted by
// the ASPRS Board on 23 August 2023).
//
// - Edition 2 names horizontal accuracy classes by their RMSE_H, RMSE_H = √(RMSE_x² + RMSE_y²): data of
//   the « X-cm » horizontal accuracy class have RMSE_H ≤ X cm. No ladder of X values is imposed, so the
//   class a set is tested to meet is its RMSE_H itself; we state it rounded up to the millimetre (0.1 cm).
//   That rounding is our choice: finer would be noise for orthophotos of 5 cm pixels or more.
// - Edition 2 dropped the 95 % confidence figures (only RMSE is reported), raised the minimum number of
//   checkpoints for a product accuracy assessment from 20 to 30 (and caps large projects at 120), relaxed
//   the accuracy asked of checkpoints, and takes the checkpoints' own survey error into the product
//   accuracy (summaries of the changes: ASPRS's announcement of 12 September 2023; GPS World, 6 December
//   2023). We add it by error propagation, RMSE_H(product) = √(RMSE_H(fit to checkpoints)² +
//   RMSE_H(checkpoint survey)²), as PE&RS set out in July 2020 (p. 400, « Product accuracy computation »:
//   ACC_TrueDatum = √(ACC_SurveyDatum² + ACC_MappingDatum²)). The text of Edition 2 itself could not be
//   read while writing this: check the equation there before relying on the survey-error option.
// ---------------------------------------------------------------------------------------------------

/** Minimum number of checkpoints for an ASPRS Edition 2 product accuracy assessment. */
export const ASPRS_MIN_CHECKPOINTS = 30;

export interface AsprsHorizontal {
	/** RMSE_H of the product, metres, including the checkpoint survey error when it was given. */
	rmseH: number;
	/** The horizontal accuracy class the set is tested to meet, in cm (RMSE_H rounded up to 0.1 cm). */
	classCm: number;
	/** The class as the standard names it, e.g. « 3.2-cm ». */
	className: string;
	/** At least {@link ASPRS_MIN_CHECKPOINTS} checkpoints were used. */
	enoughCheckpoints: boolean;
}

/** Format a class value in cm the way the standard names classes: « 5-cm », « 2.5-cm ». */
function className(cm: number): string {
	return `${Number(cm.toFixed(1))}-cm`;
}

/**
 * ASPRS Edition 2 horizontal accuracy class.
 * @param checkpointRmseH horizontal RMSE of the checkpoint survey itself, metres (0 when unknown).
 */
export function asprsHorizontal(rmseX: number, rmseY: number, n: number, checkpointRmseH = 0): AsprsHorizontal {
	const rmseH = Math.hypot(rmseX, rmseY, checkpointRmseH);
	// Round up so the class stated is one the data meet; the tiny slack keeps 0.032 m from becoming
	// 3.3 cm through 3.2000000000000006.
	const classCm = Math.ceil(rmseH * 1000 - 1e-9) / 10;
	return { rmseH, classCm, className: className(classCm), enoughCheckpoints: n >= ASPRS_MIN_CHECKPOINTS };
}

// ---------------------------------------------------------------------------------------------------
// French decree: arrêté du 16 septembre 2003 portant sur les classes de précision applicables aux
// catégories de travaux topographiques réalisés par l'État, les collectivités locales et leurs
// établissements publics ou exécutés pour leur compte (NOR EQUP0300864A, JORF n° 252 du 30 octobre 2003,
// Légifrance JORFTEXT000000794936), with its circular of the same date (NOR EQUP0300865C).
//
// Title I « Spécifications et classes de précision », first paragraph (Légifrance): « Les écarts
// déterminés lors des contrôles des levés topographiques permettent de vérifier le respect de la classe
// de précision de ceux-ci. Lors de levés d'objets géographiques, les mesures d'écarts s'appliquent sur
// des points caractéristiques des objets levés, bien identifiés et ne présentant aucun caractère
// d'ambiguïté. Ces points sont comparés aux points correspondants du terrain nominal. »
//
// Article 8 (images; text as mirrored by juriblio.fr from the JORF), 8.2 « Classe de précision
// totale »: « La classe de précision définie précédemment s'applique à l'écart entre les coordonnées
// obtenues par les mesures de contrôle, pour des détails bien identifiés, et celles des coordonnées de ces
// points obtenues dans l'image ou le document. […] La classe de précision ne peut être meilleure que la
// taille du pixel utilisé. » 8.5 « Qualité géométrique du
// mosaïquage » applies the class, « s'il y a effectivement eu un mosaïquage », to the seams.
//
// The test of the standard model (« modèle standard »), as Cerema transcribes it from the decree (the
// article with the formulas could not be read from Légifrance while writing this; Cerema's annex gives
// the formulas and tables, and its worked example, used in the tests, agrees with them): Cerema,
// « Qualifier les données géographiques — Fiche n° 10, Critère de précision de position », décembre
// 2017, Annexe 1 « Arrêté du 16 septembre 2003 »:
//   « Soient : E_moypos l'écart moyen en position, et E_pos,i l'écart en position de l'objet i ;
//     P : classe de précision souhaitée ; C : coefficient de sécurité des mesures de contrôle ;
//     N : taille de l'échantillon de contrôle ; k, coefficient fonction du nombre de coordonnées
//     caractérisant la position des objets géographiques […]. k prend la valeur 2,42 pour tout contrôle
//     de précision planimétrique.
//     La première condition fait intervenir l'écart moyen en position. Il correspond à la moyenne
//     arithmétique des écarts en position. […] E_moypos = (1/N) Σ E_pos,i < P × (1 + 1/(2 × C²)).
//     Un premier seuil : T1 = P × k × (1 + 1/(2 × C²)) ; il peut être dépassé mais par un nombre limité
//     de points N' et N' ne doit pas excéder l'entier immédiatement supérieur à (0,01 × N) + (0,232 × √N).
//     Lorsque N < 5, aucun écart supérieur à T1 n'est admis.
//     Un second seuil T2 ne doit pas être dépassé : aucun écart en position dans l'échantillon ne doit
//     excéder ce second seuil défini par T2 = 1,5 × T1 = 1,5 × P × k × (1 + 1/(2 × C²)). »
// The control measurements must be at least twice as precise as the class (C ≥ 2: « déterminés par le
// donneur d'ordre avec des moyens de précision au moins égale à deux fois celle prévue dans le contrat »,
// BOFiP BOI-CAD-TOPO-60 § 20; « un coefficient de confiance minimum de 2 », Cerema fiche n° 3).
// A worked reading from 2004 (GeoRezo forum, « application de l'arrêté classe de précision 2003 »): for a
// 2 cm class checked with C = 2 the mean deviation must stay below 2 × (1 + 1/8) = 2,25 cm; with C = 10,
// below 2,01 cm.
//
// Tables the test uses (Cerema fiche n° 10, annexe 1):
//   k:   1D 3,23 | 2D 2,42 | 3D 2,11
//   N' (maximum number of deviations above T1) for a sample of N points:
//     N 1–4: 0 | 5–13: 1 | 14–44: 2 | 45–85: 3 | 86–132: 4 | 133–184: 5 | 185–240: 6 | 241–298: 7 |
//     299–359: 8 | 360–422: 9 | 423–487: 10
//   Orders of magnitude for C = 2, k = 2,42 (P, E_moy limit, T1, T2, metres):
//     0,2: 0,23 0,54 0,82 | 0,5: 0,56 1,36 2,04 | 1: 1,13 2,72 4,08 | 2,5: 2,81 6,81 10,21 |
//     5: 5,63 13,61 20,42 | 10: 11,25 27,23 40,85 | 20: 22,5 54,45 81,68 | 50: 56,25 136,13 204,19
// (Our check, not the decree's wording: k is the 99 % quantile of a normal deviation divided by its
// mean, in 1D (half-normal), 2D (Rayleigh), 3D (Maxwell); in 2D, 3,035 σ / 1,2533 σ = 2,42.)
//
// No list of classes appears in the texts we read: the contract names one, « classe de précision [xx] cm ». Since the
// three conditions only get easier as P grows, « the smallest class the set satisfies » is well defined;
// we report it as a whole number of centimetres (the unit the decree names classes in), never below the
// pixel size when the caller gives it (article 8.2).
// ---------------------------------------------------------------------------------------------------

/** Coefficient k of the decree by number of coordinates (1D altimetry, 2D planimetry, 3D). */
export const DECREE_K = { 1: 3.23, 2: 2.42, 3: 2.11 } as const;

export type DecreeDimension = keyof typeof DECREE_K;

export interface DecreeOptions {
	/** Coefficient de sécurité des mesures de contrôle C (≥ 2). Default 2, the decree's minimum. */
	safety?: number;
	/** Number of coordinates tested. Default 2 (planimetry). */
	dimension?: DecreeDimension;
}

function decreeFactor(safety: number): number {
	if (!(safety >= 2)) throw new RangeError(`The decree's safety coefficient C must be at least 2, got ${safety}.`);
	return 1 + 1 / (2 * safety * safety);
}

/** N': how many deviations may exceed T1 in a sample of `n` points. */
export function decreeAllowedBeyondT1(n: number): number {
	if (n < 5) return 0;
	// « l'entier immédiatement supérieur à » (0,01 N + 0,232 √N): floor + 1 (the value is never an integer
	// in practice; if it were, « immédiatement supérieur » still means the next one).
	return Math.floor(0.01 * n + 0.232 * Math.sqrt(n)) + 1;
}

export interface DecreeThresholds {
	/** Upper bound (exclusive) of the mean deviation E_moy, metres: P (1 + 1/(2C²)). */
	meanMax: number;
	/** First threshold T1, metres. */
	t1: number;
	/** Second threshold T2 = 1.5 T1, metres. */
	t2: number;
}

/** The decree's limits for a class of `classCm` centimetres. */
export function decreeThresholds(classCm: number, options: DecreeOptions = {}): DecreeThresholds {
	const f = decreeFactor(options.safety ?? 2);
	const k = DECREE_K[options.dimension ?? 2];
	const p = classCm / 100;
	const t1 = p * k * f;
	return { meanMax: p * f, t1, t2: 1.5 * t1 };
}

export interface DecreeTest extends DecreeThresholds {
	classCm: number;
	n: number;
	/** E_moy: mean of the deviations, metres. */
	meanDeviation: number;
	/** Deviations strictly above T1. */
	beyondT1: number;
	/** N'. */
	allowedBeyondT1: number;
	/** Deviations strictly above T2. */
	beyondT2: number;
	/** The three conditions, in the decree's order. */
	meanOk: boolean;
	countOk: boolean;
	maxOk: boolean;
	pass: boolean;
}

/**
 * Does a set of position deviations (distances, metres) satisfy the decree's class of `classCm` cm?
 * @throws RangeError for an empty set.
 */
export function decreeTest(deviations: readonly number[], classCm: number, options: DecreeOptions = {}): DecreeTest {
	const n = deviations.length;
	if (n === 0) throw new RangeError('No deviations to test.');
	const th = decreeThresholds(classCm, options);
	let sum = 0;
	let beyondT1 = 0;
	let beyondT2 = 0;
	for (const e of deviations) {
		sum += e;
		if (e > th.t1) beyondT1++;
		if (e > th.t2) beyondT2++;
	}
	const meanDeviation = sum / n;
	const allowedBeyondT1 = decreeAllowedBeyondT1(n);
	const meanOk = meanDeviation < th.meanMax;
	const countOk = beyondT1 <= allowedBeyondT1;
	const maxOk = beyondT2 === 0;
	return {
		...th,
		classCm,
		n,
		meanDeviation,
		beyondT1,
		allowedBeyondT1,
		beyondT2,
		meanOk,
		countOk,
		maxOk,
		pass: meanOk && countOk && maxOk
	};
}

export interface DecreeClassOptions extends DecreeOptions {
	/** Ground pixel size of the orthophoto, metres: the class cannot be better (article 8.2). */
	pixelSize?: number;
}

/**
 * The smallest class, in whole centimetres, that the deviations satisfy; null for an empty set.
 * Deviations are distances in metres.
 */
export function decreeSmallestClassCm(deviations: readonly number[], options: DecreeClassOptions = {}): number | null {
	const n = deviations.length;
	if (n === 0) return null;
	const f = decreeFactor(options.safety ?? 2);
	const k = DECREE_K[options.dimension ?? 2];
	const sorted = deviations.slice().sort((a, b) => b - a);
	const mean = deviations.reduce((s, e) => s + e, 0) / n;
	const allowed = decreeAllowedBeyondT1(n);
	// Each condition gives a lower bound on P (metres); the class is the largest of the three.
	let p = Math.max(
		mean / f, // E_moy < P f (strict: checked below)
		sorted[0] / (1.5 * k * f), // max ≤ 1.5 T1
		allowed < n ? sorted[allowed] / (k * f) : 0 // the (N'+1)-th largest ≤ T1
	);
	if (options.pixelSize !== undefined) p = Math.max(p, options.pixelSize);
	// Start just below the bound and let decreeTest, the single statement of the rule, decide: this
	// settles the strict inequality and floating-point rounding at exact boundaries.
	let cm = Math.max(1, Math.floor(p * 100) - 1);
	while (!decreeTest(deviations, cm, options).pass || (options.pixelSize !== undefined && cm / 100 < options.pixelSize)) cm++;
	return cm;
}

// ---------------------------------------------------------------------------------------------------
// Outliers.
//
// Rule: the decree's two thresholds, for the class under test. A deviation above T2 is one the decree
// never tolerates (« aucun écart … ne doit excéder ce second seuil »): an outlier that fails the delivery
// on its own. A deviation between T1 and T2 is tolerated only up to N' points: flagged so the reviewers
// look at it. We use these rather than a « 3 × RMSE » rule because they are the ones the French contracts
// apply, they are derived from the same statistical model as the class, and they tell the manager exactly
// which points break (or strain) the acceptance. The class under test is the contract's when known, else
// the smallest class the set satisfies — then no point is above T2 by construction, and the points above
// T1 are the ones that set the class. With fewer than 5 points N' = 0 and nothing can be told apart from
// the set itself.
// ---------------------------------------------------------------------------------------------------

export type OutlierLevel = 'beyond_t1' | 'beyond_t2';

export interface Outlier {
	id: string;
	distance: number;
	level: OutlierLevel;
}

/** Offsets above the decree's T1 or T2 for a class of `classCm` cm, largest first. */
export function decreeOutliers(offsets: readonly Offset[], classCm: number, options: DecreeOptions = {}): Outlier[] {
	const { t1, t2 } = decreeThresholds(classCm, options);
	return offsets
		.filter((o) => o.distance > t1)
		.map((o): Outlier => ({ id: o.id, distance: o.distance, level: o.distance > t2 ? 'beyond_t2' : 'beyond_t1' }))
		.sort((a, b) => b.distance - a.distance);
}

// ---------------------------------------------------------------------------------------------------
// Summary and breakdowns.
// ---------------------------------------------------------------------------------------------------

export interface SummaryOptions extends DecreeClassOptions {
	/** The class the contract asks for, cm: the decree test and the outliers are reported against it. */
	contractClassCm?: number;
	/** Horizontal RMSE of the checkpoint survey, metres, added to RMSE_H for the ASPRS class. */
	checkpointRmseH?: number;
}

export interface PositionalSummary extends OffsetStats {
	nssda95: Nssda95;
	/** At least 20 checkpoints (NSSDA 3.2.2). */
	nssdaEnoughCheckpoints: boolean;
	asprs: AsprsHorizontal;
	decree: {
		/** Smallest class satisfied, whole cm. */
		classCm: number;
		/** The test against the contract's class when given, else against `classCm`. */
		test: DecreeTest;
		outliers: Outlier[];
	};
}

/**
 * Everything the report shows for one set of checkpoint residuals.
 * @throws RangeError when `offsets` is empty.
 */
export function summarize(offsets: readonly Offset[], options: SummaryOptions = {}): PositionalSummary {
	const stats = offsetStats(offsets);
	const distances = offsets.map((o) => o.distance);
	const classCm = decreeSmallestClassCm(distances, options) as number;
	const testedCm = options.contractClassCm ?? classCm;
	return {
		...stats,
		nssda95: nssdaHorizontal95(stats.rmseX, stats.rmseY),
		nssdaEnoughCheckpoints: stats.n >= NSSDA_MIN_CHECKPOINTS,
		asprs: asprsHorizontal(stats.rmseX, stats.rmseY, stats.n, options.checkpointRmseH ?? 0),
		decree: {
			classCm,
			test: decreeTest(distances, testedCm, options),
			outliers: decreeOutliers(offsets, testedCm, options)
		}
	};
}

export interface GroupSummary {
	key: string;
	summary: PositionalSummary;
}

/**
 * Summaries per group (tile, organisation, flight strip…), sorted by key (plain code-unit order, so the
 * same on every machine). Each group is summarised on its own, with the same options.
 */
export function summarizeBy<T extends Offset>(
	items: readonly T[],
	keyFn: (item: T) => string,
	options: SummaryOptions = {}
): GroupSummary[] {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = keyFn(item);
		const list = groups.get(key);
		if (list) list.push(item);
		else groups.set(key, [item]);
	}
	return [...groups.keys()]
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
		.map((key) => ({ key, summary: summarize(groups.get(key) as T[], options) }));
}
