/**
 * portsync's default mapping as YAML, the form users copy into app-config.yaml and edit.
 */
export const defaultMappingYaml = `# portsync's default mapping: Port's Backstage defaults with their quirks fixed, plus Template, Location and a
# catch-all (\`kind: '*'\`) for every other kind. See the package README for each difference and its reason.
createMissingRelatedEntities: true
deleteDependentEntities: true
enableMergeEntity: true
entityDeletionThreshold: 0.9
resources:
  - kind: component
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"component"'
          properties:
            type: .spec.type
            lifecycle: .spec.lifecycle
            language: .spec.language
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            owningUser: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("user:"))) | .targetRef][0]'
            owningGroup: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            system: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("system:"))) | .targetRef][0]'
            subcomponentOf: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("component:"))) | .targetRef][0]'
            providesApis: '[.relations[]? | select(.type == "providesApi" and (.targetRef | startswith("api:"))) | .targetRef]'
            consumesApis: '[.relations[]? | select(.type == "consumesApi" and (.targetRef | startswith("api:"))) | .targetRef]'
            dependsOnComponent: '[.relations[]? | select(.type == "dependsOn" and (.targetRef | startswith("component:"))) | .targetRef]'
            dependsOnResource: '[.relations[]? | select(.type == "dependsOn" and (.targetRef | startswith("resource:"))) | .targetRef]'
  - kind: API
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"api"'
          properties:
            type: .spec.type
            lifecycle: .spec.lifecycle
            definition: '.spec.definition | if type == "string" or . == null then . else tojson end'
            definitionOpenAPI: 'if .spec.type == "openapi" or .spec.type == "open-api" then $definition else null end'
            definitionAsyncAPI: 'if .spec.type == "asyncapi" or .spec.type == "async-api" then $definition else null end'
            definitionGRPC: 'if .spec.type == "grpc" then .spec.definition else null end'
            definitionGraphQL: 'if .spec.type == "graphql" then .spec.definition else null end'
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            owningUser: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("user:"))) | .targetRef][0]'
            owningGroup: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            system: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("system:"))) | .targetRef][0]'
  - kind: group
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .spec.profile.displayName // .metadata.title // .metadata.name
          blueprint: '"group"'
          properties:
            type: .spec.type
            email: .spec.profile.email
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            parent: '[.relations[]? | select(.type == "childOf" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            members: '[.relations[]? | select(.type == "hasMember" and (.targetRef | startswith("user:"))) | .targetRef]'
  - kind: user
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .spec.profile.displayName // .metadata.title // .metadata.name
          blueprint: '"user"'
          properties:
            email: .spec.profile.email
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
  - kind: resource
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"resource"'
          properties:
            type: .spec.type
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            owningUser: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("user:"))) | .targetRef][0]'
            owningGroup: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            system: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("system:"))) | .targetRef][0]'
            dependsOnResource: '[.relations[]? | select(.type == "dependsOn" and (.targetRef | startswith("resource:"))) | .targetRef]'
            dependsOnComponent: '[.relations[]? | select(.type == "dependsOn" and (.targetRef | startswith("component:"))) | .targetRef]'
  - kind: system
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"system"'
          properties:
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            owningUser: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("user:"))) | .targetRef][0]'
            owningGroup: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            domain: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("domain:"))) | .targetRef][0]'
  - kind: domain
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"domain"'
          properties:
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            owningUser: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("user:"))) | .targetRef][0]'
            owningGroup: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            subdomainOf: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("domain:"))) | .targetRef][0]'
  - kind: Template
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"template"'
          properties:
            type: .spec.type
            lifecycle: .spec.lifecycle
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            owningUser: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("user:"))) | .targetRef][0]'
            owningGroup: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            system: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("system:"))) | .targetRef][0]'
  - kind: Location
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"location"'
          properties:
            type: .spec.type
            target: .spec.target
            targets: .spec.targets
            presence: .spec.presence
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
  - kind: '*'
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"backstageEntity"'
          properties:
            kind: .kind
            type: '.spec.type | if type == "string" then . else null end'
            lifecycle: '.spec.lifecycle | if type == "string" then . else null end'
            spec: .spec
            backstageRelations: '[.relations[]? | .type + " " + .targetRef]'
            description: .metadata.description
            labels: .metadata.labels
            annotations: .metadata.annotations
            links: '[.metadata.links[]?.url]'
            tags: .metadata.tags
          relations:
            owningUser: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("user:"))) | .targetRef][0]'
            owningGroup: '[.relations[]? | select(.type == "ownedBy" and (.targetRef | startswith("group:"))) | .targetRef][0]'
            system: '[.relations[]? | select(.type == "partOf" and (.targetRef | startswith("system:"))) | .targetRef][0]'
`;
