CREATE TABLE `checkpoint_measures` (
	`checkpoint_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`organisation_id` integer,
	`status` text NOT NULL,
	`x` real,
	`y` real,
	`at` integer NOT NULL,
	`decision` text DEFAULT 'pending' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	PRIMARY KEY(`checkpoint_id`, `user_id`),
	FOREIGN KEY (`checkpoint_id`) REFERENCES `checkpoints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `checkpoint_measures_campaign` ON `checkpoint_measures` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `checkpoint_tiles` (
	`checkpoint_id` integer NOT NULL,
	`tile_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	PRIMARY KEY(`checkpoint_id`, `tile_id`),
	FOREIGN KEY (`checkpoint_id`) REFERENCES `checkpoints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `checkpoint_tiles_tile` ON `checkpoint_tiles` (`tile_id`);--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`code` text NOT NULL,
	`x` real NOT NULL,
	`y` real NOT NULL,
	`z` real,
	`surveyed` integer NOT NULL,
	`source` text NOT NULL,
	`source_epsg` integer,
	`source_x` real,
	`source_y` real,
	`description` text DEFAULT '' NOT NULL,
	`sketch` text DEFAULT '' NOT NULL,
	`blind_seed` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkpoints_campaign_code` ON `checkpoints` (`campaign_id`,`code`);--> statement-breakpoint
CREATE TABLE `seam_measures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`organisation_id` integer,
	`ax` real NOT NULL,
	`ay` real NOT NULL,
	`bx` real NOT NULL,
	`by` real NOT NULL,
	`tile_id` integer,
	`comment` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `seam_measures_campaign` ON `seam_measures` (`campaign_id`);