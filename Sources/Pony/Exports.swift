// The types a Pony app uses, re-exported one by one so that `import Pony` is all a file needs.

@_exported public import PonyORM
// Foundation's value types that model fields and views use, so that `var due: Date` compiles
// without `import Foundation` (otherwise the @Model expansion adds confusing errors of its own).
@_exported public import struct Foundation.Data
@_exported public import struct Foundation.Date
@_exported public import struct Foundation.Decimal
@_exported public import struct Foundation.URL
@_exported public import struct Foundation.UUID

@_exported public import struct PonySupport.BindTarget
@_exported public import func PonySupport.escapeHTML
@_exported public import struct PonyTemplates.InclusionTag
@_exported public import struct PonyTemplates.SimpleBlockTag
@_exported public import struct PonyTemplates.SimpleTag
@_exported public import struct PonyTemplates.TagArguments
@_exported public import struct PonyTemplates.Template
@_exported public import struct PonyTemplates.TemplateContext
@_exported public import struct PonyTemplates.TemplateDictionary
@_exported public import struct PonyTemplates.TemplateDoesNotExist
@_exported public import class PonyTemplates.TemplateEngine
@_exported public import struct PonyTemplates.TemplateFilter
@_exported public import struct PonyTemplates.TemplateLibrary
@_exported public import protocol PonyTemplates.TemplateObject
@_exported public import struct PonyTemplates.TemplateQueryDict
@_exported public import protocol PonyTemplates.TemplateRepresentable
@_exported public import struct PonyTemplates.TemplateSyntaxError
@_exported public import enum PonyTemplates.TemplateValue
@_exported public import struct PonyWeb.ClosureMiddleware
@_exported public import struct PonyWeb.ConfigurationError
@_exported public import struct PonyWeb.HTML
@_exported public import struct PonyWeb.HTTPError
@_exported public import struct PonyWeb.HTTPMethod
@_exported public import protocol PonyWeb.HTTPResponseError
@_exported public import struct PonyWeb.HTTPStatus
@_exported public import struct PonyWeb.Headers
@_exported public import struct PonyWeb.ListSetting
@_exported public import protocol PonyWeb.Middleware
@_exported public import typealias PonyWeb.Next
@_exported public import struct PonyWeb.NoReverseMatch
@_exported public import struct PonyWeb.Parameters
@_exported public import struct PonyWeb.PathConverter
@_exported public import protocol PonyWeb.PathParameterValue
@_exported public import struct PonyWeb.QueryDict
@_exported public import struct PonyWeb.Request
@_exported public import struct PonyWeb.RequestStorage
@_exported public import protocol PonyWeb.RequestStorageKey
@_exported public import struct PonyWeb.ResolvedRoute
@_exported public import struct PonyWeb.ResolvedSettings
@_exported public import struct PonyWeb.Response
@_exported public import protocol PonyWeb.ResponseChunk
@_exported public import protocol PonyWeb.ResponseConvertible
@_exported public import enum PonyWeb.SameSite
@_exported public import enum PonyWeb.Server
@_exported public import struct PonyWeb.ServerError
@_exported public import enum PonyWeb.ServerMode
@_exported public import struct PonyWeb.ServerSentEvent
@_exported public import struct PonyWeb.Settings
@_exported public import class PonyWeb.Site
@_exported public import struct PonyWeb.TemplateResponse
@_exported public import struct PonyWeb.URLPattern
@_exported public import class PonyWeb.URLResolver
@_exported public import typealias PonyWeb.View
@_exported public import func PonyWeb.render
@_exported public import func PonyWeb.urlHasAllowedHostAndScheme
