CREATE TABLE "import_mappings" (
	"institution_id" text NOT NULL,
	"label_key" text NOT NULL,
	"label" text NOT NULL,
	"role" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_institution_id_label_key_pk" PRIMARY KEY("institution_id","label_key")
);
--> statement-breakpoint
ALTER TABLE "pending_imports" ADD COLUMN "source" "bytea";--> statement-breakpoint
ALTER TABLE "pending_imports" ADD COLUMN "format" text;--> statement-breakpoint
ALTER TABLE "pending_imports" ADD COLUMN "mapping" jsonb;--> statement-breakpoint
ALTER TABLE "pending_imports" ADD COLUMN "reading" jsonb;--> statement-breakpoint
ALTER TABLE "pending_imports" ADD COLUMN "remembered_institution_id" text;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;