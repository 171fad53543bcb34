/**
 * The sandbox skeletal X-ray fracture vendor, speaking its own REST/JSON API over a real HTTP socket:
 * it takes jobs as {@code multipart/form-data} with an {@code Idempotency-Key}, runs the fracture
 * detector of {@code org.varde.testdata.detect} on the instances it received, and answers by webhook
 * or a pollable status, serving its result in a JSON shape of its own (not Varde's), so Varde's
 * catalogue mapping is what makes sense of it. It can be told to misbehave.
 */
package org.varde.testdata.sandbox.rest;
