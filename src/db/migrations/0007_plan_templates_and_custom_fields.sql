CREATE TABLE "plan_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"institution_id" text NOT NULL,
	"programme_id" text,
	"template_key" text NOT NULL,
	"name" text NOT NULL,
	"based_on" text,
	"data" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_templates_scope_key_unique" UNIQUE NULLS NOT DISTINCT("institution_id","programme_id","template_key")
);
--> statement-breakpoint
ALTER TABLE "plan_templates" ADD CONSTRAINT "plan_templates_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_templates" ADD CONSTRAINT "plan_templates_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_templates_programme_idx" ON "plan_templates" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "actions_custom_fields_idx" ON "actions" USING gin (("data" -> 'customFields'));