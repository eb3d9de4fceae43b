CREATE TABLE `acceptance_criteria` (
	`campaign_id` integer PRIMARY KEY NOT NULL,
	`criteria` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `acceptance_plan_tiles` (
	`campaign_id` integer NOT NULL,
	`tile_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `tile_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `control_point_adjudications` (
	`point_id` integer PRIMARY KEY NOT NULL,
	`campaign_id` integer NOT NULL,
	`class_code` text,
	`comment` text DEFAULT '' NOT NULL,
	`user_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`point_id`) REFERENCES `control_points`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `control_point_adjudications_campaign` ON `control_point_adjudications` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `control_point_designs` (
	`campaign_id` integer PRIMARY KEY NOT NULL,
	`strata` text NOT NULL,
	`seed` text NOT NULL,
	`parameters` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `control_point_labels` (
	`point_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`class_code` text,
	`comment` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`point_id`, `user_id`),
	FOREIGN KEY (`point_id`) REFERENCES `control_points`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `control_point_labels_campaign` ON `control_point_labels` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `control_point_strata` (
	`campaign_id` integer NOT NULL,
	`stratum` text NOT NULL,
	`area` real NOT NULL,
	`sample_size` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `stratum`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `control_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`stratum` text NOT NULL,
	`x` real NOT NULL,
	`y` real NOT NULL,
	`lon` real NOT NULL,
	`lat` real NOT NULL,
	`map_class` text NOT NULL,
	`feature_id` integer,
	`tile_id` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tile_id`) REFERENCES `tiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `control_points_campaign` ON `control_points` (`campaign_id`,`ordinal`);--> statement-breakpoint
CREATE INDEX `control_points_tile` ON `control_points` (`tile_id`);--> statement-breakpoint
CREATE INDEX `defects_campaign_tile` ON `defects` (`campaign_id`,`tile_id`,`severity`);--> statement-breakpoint
CREATE INDEX `defects_campaign_author` ON `defects` (`campaign_id`,`author_id`,`category`,`severity`);--> statement-breakpoint
CREATE INDEX `tiles_campaign_report` ON `tiles` (`campaign_id`,`in_sample`,`status`,`xmin`,`ymin`,`xmax`,`ymax`);