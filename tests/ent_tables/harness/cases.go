package main

import (
	"entgo.io/ent"
	"entgo.io/ent/entc/load"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Types that only name edge targets (edge.To reads the name off the method's receiver).
type (
	Alpha        struct{ ent.Schema }
	Article      struct{ ent.Schema }
	Building     struct{ ent.Schema }
	Card         struct{ ent.Schema }
	Gadget       struct{ ent.Schema }
	Gamma        struct{ ent.Schema }
	Info         struct{ ent.Schema }
	License      struct{ ent.Schema }
	Organization struct{ ent.Schema }
	Team         struct{ ent.Schema }
	User         struct{ ent.Schema }
	Zed          struct{ ent.Schema }
)

type members struct {
	fields  []ent.Field
	edges   []ent.Edge
	indexes []ent.Index
}

func entity(name string, m members) *load.Schema {
	s := &load.Schema{Name: name}
	for _, f := range m.fields {
		lf, err := load.NewField(f.Descriptor())
		if err != nil {
			panic(err)
		}
		s.Fields = append(s.Fields, lf)
	}
	for _, e := range m.edges {
		s.Edges = append(s.Edges, load.NewEdge(e.Descriptor()))
	}
	for _, i := range m.indexes {
		s.Indexes = append(s.Indexes, load.NewIndex(i.Descriptor()))
	}
	return s
}

func one(schemas ...*load.Schema) [][]*load.Schema { return [][]*load.Schema{schemas} }

// The cases; tests/ent_tables/<name>.schema is the same schema in entgen's language.
var cases = []testCase{
	{"fk_column_order", one(
		entity("Alpha", members{
			fields: []ent.Field{field.String("name")},
			edges: []ent.Edge{
				edge.From("zed", Zed.Type).Ref("alphas").Unique(),
				edge.To("gamma", Gamma.Type).Unique(),
			},
		}),
		entity("Gamma", members{}),
		entity("Zed", members{edges: []ent.Edge{edge.To("alphas", Alpha.Type)}}),
	)},
	{"fk_column_order_edge_fields", one(
		entity("Alpha", members{
			fields: []ent.Field{
				field.String("name"),
				field.Int("zed_id").Optional(),
				field.Int("gamma_id").Optional(),
			},
			edges: []ent.Edge{
				edge.From("zed", Zed.Type).Ref("alphas").Unique().Field("zed_id"),
				edge.To("gamma", Gamma.Type).Unique().Field("gamma_id"),
			},
		}),
		entity("Gamma", members{}),
		entity("Zed", members{edges: []ent.Edge{edge.To("alphas", Alpha.Type)}}),
	)},
	{"unique_index_long_names", one(
		entity("Building", members{
			edges: []ent.Edge{
				edge.From("organization", Organization.Type).Ref("headquarters_building_with_a_rather_long_name").Unique(),
			},
		}),
		entity("Organization", members{
			fields: []ent.Field{
				field.String("primary_contact_email_address_for_billing_notices").Unique(),
				field.String("code").Unique(),
			},
			edges: []ent.Edge{
				edge.To("headquarters_building_with_a_rather_long_name", Building.Type).Unique(),
			},
			indexes: []ent.Index{
				index.Fields("code", "primary_contact_email_address_for_billing_notices"),
			},
		}),
	)},
	{"index_order", one(
		entity("Card", members{
			fields: []ent.Field{field.String("number")},
			edges:  []ent.Edge{edge.From("owner", User.Type).Ref("card").Unique()},
			indexes: []ent.Index{
				index.Fields("number"),
			},
		}),
		entity("User", members{
			fields: []ent.Field{
				field.String("email").Unique(),
				field.String("name"),
				field.String("nick").Unique(),
			},
			edges: []ent.Edge{edge.To("card", Card.Type).Unique()},
			indexes: []ent.Index{
				index.Fields("name"),
			},
		}),
	)},
	{"v2_existing_tables_first", [][]*load.Schema{
		{
			entity("User", members{fields: []ent.Field{field.String("name")}}),
		},
		{
			entity("Article", members{fields: []ent.Field{field.String("title")}}),
			entity("User", members{fields: []ent.Field{
				field.String("name"),
				field.Int("age").Optional(),
			}}),
		},
	}},
	{"v2_new_table_referenced", [][]*load.Schema{
		{
			entity("User", members{fields: []ent.Field{field.String("name")}}),
		},
		{
			entity("Article", members{fields: []ent.Field{field.String("title")}}),
			entity("Team", members{fields: []ent.Field{field.String("name")}}),
			entity("User", members{
				fields: []ent.Field{field.String("name"), field.Int("age").Optional()},
				edges:  []ent.Edge{edge.To("team", Team.Type).Unique()},
			}),
		},
	}},
	{"id_storage_type", one(
		entity("License", members{fields: []ent.Field{
			field.Int("id").SchemaType(map[string]string{"postgres": "bigserial"}),
			field.String("key"),
		}}),
	)},
	{"o2o_fk_is_primary_key", one(
		entity("Info", members{
			fields: []ent.Field{
				field.Int("id"),
				field.String("content").Optional(),
			},
			edges: []ent.Edge{
				edge.From("user", User.Type).Ref("info").Unique().Required(),
			},
		}),
		entity("User", members{
			fields: []ent.Field{field.String("name")},
			edges:  []ent.Edge{edge.To("info", Info.Type).Unique().StorageKey(edge.Column("id"))},
		}),
	)},
	{"m2o_fk_column_is_primary_key", one(
		entity("Info", members{
			fields: []ent.Field{
				field.Int("id"),
				field.String("content").Optional(),
			},
			edges: []ent.Edge{
				edge.To("user", User.Type).Unique().StorageKey(edge.Column("id")),
			},
		}),
		entity("User", members{fields: []ent.Field{field.String("name")}}),
	)},
	{"field_types", one(
		entity("Gadget", members{
			fields: []ent.Field{
				field.Bool("active").Default(true),
				field.Int8("tiny"),
				field.Uint8("utiny"),
				field.Int16("small"),
				field.Int32("medium"),
				field.Int64("big").Default(7),
				field.Uint64("ubig"),
				field.Float32("ratio"),
				field.Float("score").Default(1.5),
				field.String("title").MaxLen(40).Default("it's"),
				field.String("label").Unique(),
				field.Text("body").Optional(),
				field.Enum("kind").Values("a", "b-c").Default("a"),
				field.Bytes("data").Optional(),
				field.Time("seen_at"),
				field.UUID("token", uuid.UUID{}),
				field.JSON("attrs", map[string]any{}).Optional(),
				field.Float("price").SchemaType(map[string]string{"mysql": "decimal(10,2)", "postgres": "numeric(10,2)", "sqlite3": "numeric"}),
			},
			indexes: []ent.Index{index.Fields("kind", "title")},
		}),
	)},
}
