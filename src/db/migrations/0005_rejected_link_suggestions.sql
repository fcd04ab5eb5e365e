CREATE TABLE "rejected_link_suggestions" (
	"plan_id" text NOT NULL,
	"recommendation_id" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" text NOT NULL,
	"rejected_by" text,
	"rejected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rejected_link_suggestions_plan_id_recommendation_id_target_kind_target_id_pk" PRIMARY KEY("plan_id","recommendation_id","target_kind","target_id")
);
--> statement-breakpoint
ALTER TABLE "rejected_link_suggestions" ADD CONSTRAINT "rejected_link_suggestions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rejected_link_suggestions" ADD CONSTRAINT "rejected_link_suggestions_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rejected_link_suggestions_target_idx" ON "rejected_link_suggestions" USING btree ("plan_id","target_kind","target_id");