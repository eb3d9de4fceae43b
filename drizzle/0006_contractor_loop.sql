CREATE TABLE `defect_answers` (
	`released_id` integer PRIMARY KEY NOT NULL,
	`campaign_id` integer NOT NULL,
	`answer` text NOT NULL,
	`comment` text NOT NULL,
	`answered_by` integer,
	`answered_at` integer NOT NULL,
	`outcome` text,
	`outcome_comment` text,
	`closed_by` integer,
	`closed_at` integer,
	FOREIGN KEY (`released_id`) REFERENCES `released_defects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `defect_answers_campaign` ON `defect_answers` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `defect_releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`released_at` integer NOT NULL,
	`released_by` integer,
	`filter` text NOT NULL,
	`added` integer NOT NULL,
	`updated` integer NOT NULL,
	`unchanged` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `defect_releases_campaign` ON `defect_releases` (`campaign_id`,`id`);--> statement-breakpoint
CREATE TABLE `released_defects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`tile_id` integer NOT NULL,
	`round` integer NOT NULL,
	`defect_id` text NOT NULL,
	`release_id` integer NOT NULL,
	`first_released_at` integer NOT NULL,
	`released_at` integer NOT NULL,
	`geometry` text NOT NULL,
	`category` text NOT NULL,
	`severity` text NOT NULL,
	`comment` text NOT NULL,
	`author_id` integer NOT NULL,
	`author_name` text NOT NULL,
	`organisation_id` integer,
	`organisation` text,
	`created_at` text NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`release_id`) REFERENCES `defect_releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `released_defects_key` ON `released_defects` (`tile_id`,`round`,`defect_id`);--> statement-breakpoint
CREATE INDEX `released_defects_campaign` ON `released_defects` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `review_rounds` (
	`campaign_id` integer NOT NULL,
	`number` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_by` integer,
	`note` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`campaign_id`, `number`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `round_corrections` (
	`tile_id` integer NOT NULL,
	`round` integer NOT NULL,
	`feature_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`from_class` text NOT NULL,
	`to_class` text NOT NULL,
	`comment` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`tile_id`, `round`, `feature_id`, `user_id`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_corrections_campaign` ON `round_corrections` (`campaign_id`,`round`);--> statement-breakpoint
CREATE TABLE `round_defects` (
	`tile_id` integer NOT NULL,
	`round` integer NOT NULL,
	`id` text NOT NULL,
	`campaign_id` integer NOT NULL,
	`geometry` text NOT NULL,
	`category` text NOT NULL,
	`severity` text NOT NULL,
	`comment` text NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text,
	`updated_by` integer,
	PRIMARY KEY(`tile_id`, `round`, `id`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_defects_campaign` ON `round_defects` (`campaign_id`,`round`);--> statement-breakpoint
CREATE TABLE `round_tiles` (
	`tile_id` integer NOT NULL,
	`round` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`from_round` integer NOT NULL,
	PRIMARY KEY(`tile_id`, `round`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_tiles_campaign` ON `round_tiles` (`campaign_id`,`round`);--> statement-breakpoint
CREATE TABLE `round_verdicts` (
	`tile_id` integer NOT NULL,
	`round` integer NOT NULL,
	`user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`verdict` text NOT NULL,
	`comment` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`tile_id`, `round`, `user_id`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_verdicts_campaign` ON `round_verdicts` (`campaign_id`,`round`);--> statement-breakpoint
ALTER TABLE `imagery_sources` ADD `round` integer;