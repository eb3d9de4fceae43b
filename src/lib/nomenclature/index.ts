/** Land-cover nomenclatures: built-in OCS GE CS/US, CSV/JSON parsers, class lookup. */
export {
	BUILTIN_NOMENCLATURES,
	NomenclatureError,
	colorForUnknown,
	getBuiltinNomenclature,
	isBuiltinNomenclatureId,
	leafEntries,
	lookupClass,
	type BuiltinNomenclatureId,
	type ClassInfo,
	type Nomenclature,
	type NomenclatureEntry
} from './nomenclature.ts';
export { normalizeColor, parseNomenclatureCsv, parseNomenclatureJson, type NomenclatureMeta } from './parse.ts';
