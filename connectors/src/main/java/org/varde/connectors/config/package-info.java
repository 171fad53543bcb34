/**
 * How a connector reads its own block of the gateway's configuration ({@code endpoint:} of a catalogue
 * entry), without knowing the file format: the gateway implements {@link org.varde.connectors.config.ConfigBlock}.
 */
package org.varde.connectors.config;
