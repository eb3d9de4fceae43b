CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`contractor` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'importing' NOT NULL,
	`crs_epsg` integer NOT NULL,
	`tiling_mode` text NOT NULL,
	`tile_size` real,
	`sampling_mode` text DEFAULT 'all' NOT NULL,
	`sample_size` integer,
	`sample_seed` text,
	`class_field` text NOT NULL,
	`nomenclature` text NOT NULL,
	`landcover_file` text NOT NULL,
	`landcover_epsg` integer NOT NULL,
	`bbox_wgs84` text NOT NULL,
	`footprint` text NOT NULL,
	`attribution` text DEFAULT '' NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `imagery_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`vintage` text NOT NULL,
	`kind` text NOT NULL,
	`location` text NOT NULL,
	`layer` text,
	`label` text DEFAULT '' NOT NULL,
	`epsg` integer,
	`bbox_native` text,
	`bbox_wgs84` text,
	`width` integer,
	`height` integer,
	`resolution` real,
	`attribution` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `imagery_sources_campaign` ON `imagery_sources` (`campaign_id`,`vintage`);--> statement-breakpoint
CREATE TABLE `import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`stage` text DEFAULT '' NOT NULL,
	`message` text,
	`campaign_id` integer,
	`request` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `landcover_features` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`fid` integer NOT NULL,
	`class_code` text NOT NULL,
	`geometry` blob NOT NULL,
	`properties` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `landcover_features_campaign` ON `landcover_features` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `tile_class_areas` (
	`tile_id` integer NOT NULL,
	`class_code` text NOT NULL,
	`area` real NOT NULL,
	PRIMARY KEY(`tile_id`, `class_code`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`name` text NOT NULL,
	`ordinal` integer NOT NULL,
	`xmin` real NOT NULL,
	`ymin` real NOT NULL,
	`xmax` real NOT NULL,
	`ymax` real NOT NULL,
	`geometry` text NOT NULL,
	`feature_count` integer DEFAULT 0 NOT NULL,
	`dominant_class` text,
	`in_sample` integer DEFAULT true NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`feature_ids` blob,
	`image_id` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`image_id`) REFERENCES `imagery_sources`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `tiles_campaign_ordinal` ON `tiles` (`campaign_id`,`ordinal`);