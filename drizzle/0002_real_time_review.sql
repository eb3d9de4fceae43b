CREATE TABLE `corrections` (
	`tile_id` integer NOT NULL,
	`feature_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`from_class` text NOT NULL,
	`to_class` text NOT NULL,
	`comment` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`tile_id`, `feature_id`, `user_id`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `corrections_campaign` ON `corrections` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `defect_categories` (
	`campaign_id` integer NOT NULL,
	`code` text NOT NULL,
	`target` text NOT NULL,
	`group_code` text NOT NULL,
	`label_fr` text NOT NULL,
	`label_en` text NOT NULL,
	`retired` integer DEFAULT false NOT NULL,
	`ordinal` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `code`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `defects` (
	`tile_id` integer NOT NULL,
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
	PRIMARY KEY(`tile_id`, `id`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `defects_campaign` ON `defects` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `review_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`tile_id` integer NOT NULL,
	`user_id` integer,
	`at` integer NOT NULL,
	`target` text NOT NULL,
	`key` text NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_history_tile` ON `review_history` (`tile_id`,`id`);--> statement-breakpoint
CREATE INDEX `review_history_campaign` ON `review_history` (`campaign_id`,`id`);--> statement-breakpoint
CREATE TABLE `review_snapshots` (
	`tile_id` integer PRIMARY KEY NOT NULL,
	`campaign_id` integer NOT NULL,
	`upto` integer NOT NULL,
	`state` blob NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `review_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tile_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`user_id` integer,
	`at` integer NOT NULL,
	`data` blob NOT NULL,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_updates_tile` ON `review_updates` (`tile_id`,`id`);--> statement-breakpoint
CREATE TABLE `tile_messages` (
	`tile_id` integer NOT NULL,
	`position` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`text` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`tile_id`, `position`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `verdicts` (
	`tile_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`verdict` text NOT NULL,
	`comment` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`tile_id`, `user_id`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `verdicts_campaign` ON `verdicts` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `walk_answers` (
	`tile_id` integer NOT NULL,
	`feature_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`answer` text NOT NULL,
	`to_class` text,
	`comment` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`tile_id`, `feature_id`, `user_id`),
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `walk_answers_campaign` ON `walk_answers` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `walk_samples` (
	`campaign_id` integer NOT NULL,
	`feature_id` integer NOT NULL,
	`class_code` text NOT NULL,
	`ordinal` integer NOT NULL,
	`tile_id` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `feature_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `walk_samples_order` ON `walk_samples` (`campaign_id`,`class_code`,`ordinal`);--> statement-breakpoint
ALTER TABLE `campaign_settings` ADD `required_verdicts` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaign_settings` ADD `walk_seed` text;--> statement-breakpoint
ALTER TABLE `campaign_settings` ADD `walk_per_class` real;--> statement-breakpoint
ALTER TABLE `campaign_settings` ADD `walk_percent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tiles` ADD `validated_at` integer;--> statement-breakpoint
ALTER TABLE `tiles` ADD `validated_by` integer;