/**
 * portsync's default mapping written in JSONata, expression for expression: the benchmark's JSONata side, and
 * checked by a test to produce the same entities as the jq original.
 */
export const defaultMappingJsonataYaml = `# The default mapping in JSONata, expression for expression, for the benchmark and the dialect's equivalence test.
language: jsonata
resources:
  - kind: component
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"component"'
          properties:
            type: spec.type
            lifecycle: spec.lifecycle
            language: spec.language
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            owningUser: '(relations[type = "ownedBy" and $contains(targetRef, /^user:/)].targetRef)[0]'
            owningGroup: '(relations[type = "ownedBy" and $contains(targetRef, /^group:/)].targetRef)[0]'
            system: '(relations[type = "partOf" and $contains(targetRef, /^system:/)].targetRef)[0]'
            subcomponentOf: '(relations[type = "partOf" and $contains(targetRef, /^component:/)].targetRef)[0]'
            providesApis: '[relations[type = "providesApi" and $contains(targetRef, /^api:/)].targetRef]'
            consumesApis: '[relations[type = "consumesApi" and $contains(targetRef, /^api:/)].targetRef]'
            dependsOnComponent: '[relations[type = "dependsOn" and $contains(targetRef, /^component:/)].targetRef]'
            dependsOnResource: '[relations[type = "dependsOn" and $contains(targetRef, /^resource:/)].targetRef]'
  - kind: API
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"api"'
          properties:
            type: spec.type
            lifecycle: spec.lifecycle
            definition: '$type(spec.definition) = "string" ? spec.definition : $exists(spec.definition) ? $string(spec.definition) : null'
            definitionOpenAPI: 'spec.type in ["openapi", "open-api"] ? $definition : null'
            definitionAsyncAPI: 'spec.type in ["asyncapi", "async-api"] ? $definition : null'
            definitionGRPC: 'spec.type = "grpc" ? spec.definition : null'
            definitionGraphQL: 'spec.type = "graphql" ? spec.definition : null'
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            owningUser: '(relations[type = "ownedBy" and $contains(targetRef, /^user:/)].targetRef)[0]'
            owningGroup: '(relations[type = "ownedBy" and $contains(targetRef, /^group:/)].targetRef)[0]'
            system: '(relations[type = "partOf" and $contains(targetRef, /^system:/)].targetRef)[0]'
  - kind: group
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'spec.profile.displayName ? spec.profile.displayName : metadata.title ? metadata.title : metadata.name'
          blueprint: '"group"'
          properties:
            type: spec.type
            email: spec.profile.email
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            parent: '(relations[type = "childOf" and $contains(targetRef, /^group:/)].targetRef)[0]'
            members: '[relations[type = "hasMember" and $contains(targetRef, /^user:/)].targetRef]'
  - kind: user
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'spec.profile.displayName ? spec.profile.displayName : metadata.title ? metadata.title : metadata.name'
          blueprint: '"user"'
          properties:
            email: spec.profile.email
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
  - kind: resource
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"resource"'
          properties:
            type: spec.type
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            owningUser: '(relations[type = "ownedBy" and $contains(targetRef, /^user:/)].targetRef)[0]'
            owningGroup: '(relations[type = "ownedBy" and $contains(targetRef, /^group:/)].targetRef)[0]'
            system: '(relations[type = "partOf" and $contains(targetRef, /^system:/)].targetRef)[0]'
            dependsOnResource: '[relations[type = "dependsOn" and $contains(targetRef, /^resource:/)].targetRef]'
            dependsOnComponent: '[relations[type = "dependsOn" and $contains(targetRef, /^component:/)].targetRef]'
  - kind: system
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"system"'
          properties:
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            owningUser: '(relations[type = "ownedBy" and $contains(targetRef, /^user:/)].targetRef)[0]'
            owningGroup: '(relations[type = "ownedBy" and $contains(targetRef, /^group:/)].targetRef)[0]'
            domain: '(relations[type = "partOf" and $contains(targetRef, /^domain:/)].targetRef)[0]'
  - kind: domain
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"domain"'
          properties:
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            owningUser: '(relations[type = "ownedBy" and $contains(targetRef, /^user:/)].targetRef)[0]'
            owningGroup: '(relations[type = "ownedBy" and $contains(targetRef, /^group:/)].targetRef)[0]'
            subdomainOf: '(relations[type = "partOf" and $contains(targetRef, /^domain:/)].targetRef)[0]'
  - kind: Template
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"template"'
          properties:
            type: spec.type
            lifecycle: spec.lifecycle
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            owningUser: '(relations[type = "ownedBy" and $contains(targetRef, /^user:/)].targetRef)[0]'
            owningGroup: '(relations[type = "ownedBy" and $contains(targetRef, /^group:/)].targetRef)[0]'
            system: '(relations[type = "partOf" and $contains(targetRef, /^system:/)].targetRef)[0]'
  - kind: Location
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"location"'
          properties:
            type: spec.type
            target: spec.target
            targets: spec.targets[]
            presence: spec.presence
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
  - kind: '*'
    port:
      entity:
        mappings:
          identifier: metadata.identifier
          title: 'metadata.title ? metadata.title : metadata.name'
          blueprint: '"backstageEntity"'
          properties:
            kind: kind
            type: '$type(spec.type) = "string" ? spec.type : null'
            lifecycle: '$type(spec.lifecycle) = "string" ? spec.lifecycle : null'
            spec: spec
            backstageRelations: '[relations.(type & " " & targetRef)]'
            description: metadata.description
            labels: metadata.labels
            annotations: metadata.annotations
            links: '[metadata.links.url]'
            tags: metadata.tags[]
          relations:
            owningUser: '(relations[type = "ownedBy" and $contains(targetRef, /^user:/)].targetRef)[0]'
            owningGroup: '(relations[type = "ownedBy" and $contains(targetRef, /^group:/)].targetRef)[0]'
            system: '(relations[type = "partOf" and $contains(targetRef, /^system:/)].targetRef)[0]'
`;
