// Loaded only if something imports OpenLayers (e.g. flatgeobuf/ol), which Recette never does.
throw new Error('OpenLayers is not installed: Recette keeps it out (vendor/no-ol stands in for it; see package.json "overrides").');
